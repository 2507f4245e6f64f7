import { formatMoney } from '../../platform/money';
import type { ContractsRepository } from './contracts.repository';

/** What the customer page shows of each contract (the CRM module reads it through this service). */
export interface ContractCustomerSummary {
  contractId: number;
  contractNo: string;
  contractTitle: string;
  status: string;
  contractAmount: string;
  signedDate: string | null;
  createdAt: string;
}

/** The customer page's view of a customer's contracts (004 §3 detail); the §7 endpoints live in the other services. */
export class ContractsService {
  constructor(private readonly contracts: ContractsRepository) {}

  /** The customer's newest 100 contracts, newest first. */
  async summariesForCustomer(customerId: number): Promise<ContractCustomerSummary[]> {
    const rows = await this.contracts.latestForCustomer(customerId, 100);
    return rows.map((r) => ({
      contractId: r.id,
      contractNo: r.contractNo,
      contractTitle: r.contractTitle,
      status: r.status,
      contractAmount: formatMoney(r.contractAmount),
      signedDate: r.signedDate,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
