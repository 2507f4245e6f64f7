import type { ContractCreated, ConvertToContract } from '@app/shared';
import { AppError } from '../../http/app-error';
import { formatMoney } from '../../platform/money';
import { scopeFor, type Principal } from '../access/principal';
import {
  DuplicateSourceQuotationError,
  type ContractItemWrite,
  type ContractWrite,
  type ContractsRepository,
} from '../contracts/contracts.repository';
import { formatNumber } from '../numbering/number-sequence.repository';
import type { QuotationItemRecord, QuotationRecord } from './quotation-records';
import type { QuotationsDeps, QuotationsService } from './quotations.service';

/** The draft contract of an accepted quotation: its customer, contact, owner, amount and delivery terms. */
function contractOf(q: QuotationRecord, input: ConvertToContract, contractNo: string, by: number): ContractWrite {
  return {
    contractNo,
    contractTitle: input.contractTitle,
    customerId: q.customerId,
    customerContactId: q.customerContactId,
    sourceQuotationId: q.id,
    ownerId: q.ownerId,
    contractAmount: formatMoney(q.totalAmount),
    signedDate: input.signedDate,
    deliveryDeadline: input.deliveryDeadline,
    deliveryTerms: q.deliveryTerms,
    // 004 §7.2's payment stages are planned on the contract itself, later.
    paymentTerms: [],
    status: 'draft',
    createdBy: by,
  };
}

/** A quotation line as a contract line: the actual price becomes the unit price; nothing shipped yet. */
function toContractItem(item: QuotationItemRecord): ContractItemWrite {
  return {
    productId: item.productId,
    productCode: item.productCode,
    productName: item.productName,
    unit: item.unit,
    quantity: item.quantity,
    unitPrice: formatMoney(item.actualPrice),
    subtotal: formatMoney(item.subtotal),
  };
}

/**
 * 6.9: an accepted quotation becomes a draft contract with the same customer, contact, owner, amount and lines
 * (unit price = the quotation's actual price). Once per quotation: the unique key on
 * `contracts.sourceQuotationId` decides between concurrent calls, and the loser answers 409.
 */
export class QuotationContractService {
  constructor(
    private readonly d: QuotationsDeps,
    private readonly quotations: QuotationsService,
    private readonly contracts: ContractsRepository,
  ) {}

  async convert(principal: Principal, id: number, input: ConvertToContract): Promise<ContractCreated> {
    return this.d.db.transaction(async (t) => {
      const q = await this.quotations.mustFind(id, scopeFor(principal), t);
      if (q.status !== 'accepted') throw new AppError('QUOTATION_NOT_ACCEPTED');
      const items = (await this.d.items.listFor(q.id, t)).map(toContractItem);
      const now = this.d.clock.now();
      const year = String(now.getUTCFullYear());
      const contractNo = formatNumber('CONT', year, await this.d.sequences.next(`contract:${year}`, t));
      const created = await this.contracts
        .create(contractOf(q, input, contractNo, principal.userId), items, t)
        .catch((err: unknown) => {
          if (err instanceof DuplicateSourceQuotationError) throw new AppError('CONTRACT_ALREADY_EXISTS');
          throw err;
        });
      await this.d.events.record(
        { quotationId: q.id, eventType: 'converted', toValue: contractNo, createdBy: principal.userId, createdAt: now },
        t,
      );
      return {
        contractId: created.id,
        contractNo,
        contractTitle: input.contractTitle,
        quotationId: q.id,
        customerId: q.customerId,
        contractAmount: formatMoney(q.totalAmount),
        status: 'draft',
        createdAt: created.createdAt.toISOString(),
      };
    });
  }
}
