import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Clock } from '../../platform/clock';
import type { DataScope } from '../access/principal';
import type { CustomersRepository } from '../customers/customers.repository';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { ProductsRepository } from '../products/products.repository';
import type { UsersRepository } from '../users/users.repository';
import { ContractActivityRepository } from './contract-activity.repository';
import { ContractAmendmentsRepository } from './contract-amendments.repository';
import { contractDocumentRoutes } from './contract-documents.routes';
import { ContractFilesRepository } from './contract-files.repository';
import { ContractFilesService } from './contract-files.service';
import { ContractRecordsService } from './contract-records.service';
import { ContractSigningService } from './contract-signing.service';
import { ContractStagesRepository } from './contract-stages.repository';
import type { ContractsDeps, QuotationRef } from './contracts-deps';
import { ContractsRepository } from './contracts.repository';
import { contractRoutes } from './contracts.routes';

export interface ContractsModuleDeps {
  db: Database;
  clock: Clock;
  customers: CustomersRepository;
  users: UsersRepository;
  products: ProductsRepository;
  sequences: NumberSequenceRepository;
  uploads: ContractsDeps['uploads'];
  quotationRef(id: number, scope: DataScope, t: Transaction): Promise<QuotationRef | null>;
  fileMaxBytes: number;
}

export interface ContractsModule {
  records: ContractRecordsService;
  signing: ContractSigningService;
  files: ContractFilesService;
  repository: ContractsRepository;
  routes: RouteSpec[];
}

/** Contracts (004 §7): records, signing and amendments, files, progress. */
export function buildContractsModule(deps: ContractsModuleDeps): ContractsModule {
  const d: ContractsDeps = {
    db: deps.db,
    clock: deps.clock,
    contracts: new ContractsRepository(),
    stages: new ContractStagesRepository(),
    amendments: new ContractAmendmentsRepository(),
    files: new ContractFilesRepository(),
    activity: new ContractActivityRepository(deps.db),
    customers: deps.customers,
    users: deps.users,
    products: deps.products,
    sequences: deps.sequences,
    quotationRef: deps.quotationRef,
    uploads: deps.uploads,
  };
  const records = new ContractRecordsService(d);
  const files = new ContractFilesService(d);
  const signing = new ContractSigningService(d, files);
  return {
    records,
    signing,
    files,
    repository: d.contracts,
    routes: [...contractRoutes(records, signing), ...contractDocumentRoutes(signing, files, deps.fileMaxBytes)],
  };
}
