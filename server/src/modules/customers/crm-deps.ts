import type { Transaction } from 'sequelize';
import type { CustomerContract, CustomerQuotation } from '@app/shared';
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { DataScope } from '../access/principal';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { UsersRepository } from '../users/users.repository';
import type { CustomerActivityRepository } from './customer-activity.repository';
import type { CustomerContactsRepository } from './customer-contacts.repository';
import type { CustomersRepository } from './customers.repository';

/** What the CRM needs from the quotation and contract modules (wired in the container; empty until they exist). */
export interface CustomerDeals {
  quotationsOf(customerId: number): Promise<CustomerQuotation[]>;
  contractsOf(customerId: number): Promise<CustomerContract[]>;
  /** Open (draft/sent) quotations follow the customer to its new owner, inside the transfer's transaction. */
  moveOpenQuotations(customerId: number, newOwnerId: number, by: number, t: Transaction): Promise<void>;
  /** Rejected quotations by reason code (lost-reason statistics). */
  rejectReasonCounts(scope: DataScope, from: Date | null, to: Date | null): Promise<Record<string, number>>;
}

export const NO_DEALS: CustomerDeals = {
  quotationsOf: () => Promise.resolve([]),
  contractsOf: () => Promise.resolve([]),
  moveOpenQuotations: () => Promise.resolve(),
  rejectReasonCounts: () => Promise.resolve({}),
};

/** The repositories and clients the customer and lead services share. */
export interface CrmDeps {
  db: Database;
  customers: CustomersRepository;
  contacts: CustomerContactsRepository;
  activity: CustomerActivityRepository;
  users: UsersRepository;
  sequences: NumberSequenceRepository;
  clock: Clock;
  deals: CustomerDeals;
}
