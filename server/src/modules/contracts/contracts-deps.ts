import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { Clock } from '../../platform/clock';
import type { DataScope } from '../access/principal';
import type { CustomersRepository } from '../customers/customers.repository';
import type { UploadAttacher } from '../files/upload-attacher';
import type { UploadsService } from '../files/uploads.service';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { ProductsRepository } from '../products/products.repository';
import type { UsersRepository } from '../users/users.repository';
import type { ContractActivityRepository } from './contract-activity.repository';
import type { ContractAmendmentsRepository } from './contract-amendments.repository';
import type { ContractFilesRepository } from './contract-files.repository';
import type { ContractStagesRepository } from './contract-stages.repository';
import type { ContractRecord, ContractsRepository } from './contracts.repository';

/** A quotation as contract creation checks it (`sourceQuotationId`). */
export interface QuotationRef {
  customerId: number;
  status: string;
}

export interface ContractsDeps {
  db: Database;
  clock: Clock;
  contracts: ContractsRepository;
  stages: ContractStagesRepository;
  amendments: ContractAmendmentsRepository;
  files: ContractFilesRepository;
  /** Shipments, payments and invoices recorded against a contract (read for its answers). */
  activity: ContractActivityRepository;
  customers: CustomersRepository;
  users: UsersRepository;
  products: ProductsRepository;
  sequences: NumberSequenceRepository;
  /** The quotation the scope may see, else null. */
  quotationRef(id: number, scope: DataScope, t: Transaction): Promise<QuotationRef | null>;
  /** Stores uploaded PDFs (`upload`) and ties them to file rows (`attach`/`detach`). */
  uploads: Pick<UploadsService, 'upload'> & UploadAttacher;
}

/** A contract the scope may see, else 404 CONTRACT_NOT_FOUND (a foreign one looks missing). */
export async function mustFindContract(
  d: ContractsDeps,
  id: number,
  scope: DataScope,
  t?: Transaction,
  lock = false,
): Promise<ContractRecord> {
  const row = await d.contracts.findById(id, scope, t, lock);
  if (!row) throw new AppError('CONTRACT_NOT_FOUND');
  return row;
}

/** `YYYY-MM-DD` of the clock, UTC. */
export const todayOf = (clock: Clock) => clock.now().toISOString().slice(0, 10);
