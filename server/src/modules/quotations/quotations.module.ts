import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { FileStorage } from '../../integrations/storage/file-storage';
import { expireQuotationsJob } from '../../jobs/expire-quotations.job';
import type { Job } from '../../jobs/job-runner';
import type { Clock } from '../../platform/clock';
import type { DataScope } from '../access/principal';
import { ContractsRepository } from '../contracts/contracts.repository';
import { ContractsService } from '../contracts/contracts.service';
import type { CustomerDeals } from '../customers/crm-deps';
import type { CustomersRepository } from '../customers/customers.repository';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { ProductsRepository } from '../products/products.repository';
import type { UsersRepository } from '../users/users.repository';
import { quotationActionRoutes } from './quotation-actions.routes';
import { QuotationContractService } from './quotation-contract.service';
import { QuotationEditService } from './quotation-edit.service';
import { QuotationEventsRepository } from './quotation-events.repository';
import { QuotationItemsRepository } from './quotation-items.repository';
import { QuotationLines } from './quotation-lines';
import { QuotationPdfService } from './quotation-pdf.service';
import type { QuotationItemRecord, QuotationRecord } from './quotation-records';
import { QuotationStatusService } from './quotation-status.service';
import { quotationRoutes } from './quotations.routes';
import { QuotationsRepository } from './quotations.repository';
import { QuotationsService } from './quotations.service';

export interface QuotationsModuleDeps {
  db: Database;
  clock: Clock;
  customers: CustomersRepository;
  users: UsersRepository;
  products: ProductsRepository;
  sequences: NumberSequenceRepository;
  storage: FileStorage;
  companyName: string;
}

export interface QuotationsModule {
  repository: QuotationsRepository;
  quotations: QuotationsService;
  status: QuotationStatusService;
  contracts: ContractsService;
  routes: RouteSpec[];
  jobs: Job[];
  /** What the CRM's customer page, owner transfer and lost-reason statistics read from quotations and contracts. */
  deals: CustomerDeals;
  /** A quotation the scope may see, with its lines (an order is created from it). */
  withItems(
    id: number,
    scope: DataScope,
    t: Transaction,
  ): Promise<{ quotation: QuotationRecord; items: QuotationItemRecord[] } | null>;
}

/** Builds the quotation and contract services, their routes and the expiry job (004 §6, the start of §7). */
export function buildQuotationsModule(deps: QuotationsModuleDeps): QuotationsModule {
  const repository = new QuotationsRepository();
  const items = new QuotationItemsRepository();
  const contractsRepo = new ContractsRepository();
  const d = {
    db: deps.db,
    quotations: repository,
    items,
    events: new QuotationEventsRepository(),
    lines: new QuotationLines(deps.products, items, repository),
    customers: deps.customers,
    users: deps.users,
    sequences: deps.sequences,
    clock: deps.clock,
  };
  const quotations = new QuotationsService(d);
  const status = new QuotationStatusService(d, quotations);
  const contracts = new ContractsService(contractsRepo);
  const routes = [
    ...quotationRoutes(quotations, new QuotationEditService(d, quotations)),
    ...quotationActionRoutes(
      status,
      new QuotationPdfService(d, quotations, deps.storage, deps.companyName),
      new QuotationContractService(d, quotations, contractsRepo),
    ),
  ];
  const deals: CustomerDeals = {
    quotationsOf: (customerId) => quotations.summariesForCustomer(customerId),
    contractsOf: (customerId) => contracts.summariesForCustomer(customerId),
    moveOpenQuotations: async (customerId, newOwnerId, by, t) => {
      await repository.transferOwner(customerId, newOwnerId, by, t);
    },
    rejectReasonCounts: (scope, from, to) => quotations.rejectReasonCounts(scope, from ?? undefined, to ?? undefined),
  };
  const withItems: QuotationsModule['withItems'] = async (id, scope, t) => {
    const quotation = await repository.findById(id, scope, t);
    return quotation ? { quotation, items: await items.listFor(id, t) } : null;
  };
  return {
    repository,
    quotations,
    status,
    contracts,
    routes,
    jobs: [expireQuotationsJob(status, deps.clock)],
    deals,
    withItems,
  };
}
