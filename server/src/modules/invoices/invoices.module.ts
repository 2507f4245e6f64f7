import type { RouteSpec } from '../../http/route';
import type { FinanceModuleDeps, PaymentsModule } from '../payments/payments.module';
import { invoiceRoutes } from './invoices.routes';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';

export interface InvoicesModule {
  invoices: InvoicesService;
  repository: InvoicesRepository;
  routes: RouteSpec[];
}

/** Invoices (004 §11); shares the contract money and statistics queries of the payments module. */
export function buildInvoicesModule(
  deps: FinanceModuleDeps,
  payments: Pick<PaymentsModule, 'receivables' | 'money'>,
): InvoicesModule {
  const repository = new InvoicesRepository(deps.db);
  const invoices = new InvoicesService({
    db: deps.db,
    clock: deps.clock,
    contracts: deps.contracts,
    invoices: repository,
    receivables: payments.receivables,
    money: payments.money,
  });
  return { invoices, repository, routes: invoiceRoutes(invoices) };
}
