import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Clock } from '../../platform/clock';
import { ContractStagesRepository } from '../contracts/contract-stages.repository';
import type { ContractsRepository } from '../contracts/contracts.repository';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import { ContractMoney } from './finance-core';
import { paymentRoutes } from './payments.routes';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { ReceivablesRepository } from './receivables.repository';

export interface FinanceModuleDeps {
  db: Database;
  clock: Clock;
  contracts: ContractsRepository;
  sequences: NumberSequenceRepository;
}

export interface PaymentsModule {
  payments: PaymentsService;
  repository: PaymentsRepository;
  receivables: ReceivablesRepository;
  money: ContractMoney;
  routes: RouteSpec[];
}

/** Payments (004 §10). */
export function buildPaymentsModule(deps: FinanceModuleDeps): PaymentsModule {
  const repository = new PaymentsRepository(deps.db);
  const receivables = new ReceivablesRepository(deps.db);
  const money = new ContractMoney();
  const payments = new PaymentsService({
    ...deps,
    stages: new ContractStagesRepository(),
    payments: repository,
    receivables,
    money,
  });
  return { payments, repository, receivables, money, routes: paymentRoutes(payments) };
}
