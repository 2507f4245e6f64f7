import type { Transaction } from 'sequelize';
import type {
  Page,
  QuotationCreate,
  QuotationDetail,
  QuotationListQuery,
  QuotationRejectReason,
  QuotationStatus,
  QuotationSummary,
} from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Clock } from '../../platform/clock';
import { formatMoney } from '../../platform/money';
import { scopeFor, type DataScope, type Principal } from '../access/principal';
import type { CustomersRepository } from '../customers/customers.repository';
import { formatNumber, type NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { UsersRepository } from '../users/users.repository';
import type { QuotationEventsRepository } from './quotation-events.repository';
import type { QuotationItemsRepository } from './quotation-items.repository';
import type { QuotationLines } from './quotation-lines';
import type { QuotationRecord } from './quotation-records';
import { toQuotationDetailDto, toQuotationSummaryDto } from './quotations.mapper';
import type { QuotationsRepository, QuotationWrite } from './quotations.repository';

export interface QuotationsDeps {
  db: Database;
  quotations: QuotationsRepository;
  items: QuotationItemsRepository;
  events: QuotationEventsRepository;
  lines: QuotationLines;
  customers: CustomersRepository;
  users: UsersRepository;
  sequences: NumberSequenceRepository;
  clock: Clock;
}

/** What the customer page shows of each quotation (the CRM module reads it through this service). */
export interface QuotationCustomerSummary {
  quotationId: number;
  quotationNo: string;
  quotationTitle: string;
  status: QuotationStatus;
  totalAmount: string;
  validUntil: string;
  createdAt: string;
}

/** UTC calendar day of an instant, `YYYY-MM-DD`: validity dates are compared with it. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** 004 §6.1-6.3: create, list and read quotations. Editing lives in QuotationEditService, states in QuotationStatusService. */
export class QuotationsService {
  constructor(private readonly d: QuotationsDeps) {}

  async create(principal: Principal, input: QuotationCreate): Promise<QuotationDetail> {
    const by = principal.userId;
    const id = await this.d.db.transaction(async (t) => {
      const customer = await this.d.customers.findRef(input.customerId, scopeFor(principal), t);
      if (!customer) {
        throw new AppError('QUOTATION_CUSTOMER_INVALID', `客户不存在：${input.customerId}`, [
          { field: 'customerId', message: '客户不存在' },
        ]);
      }
      if (input.customerContactId !== undefined) await this.assertContact(customer.id, input.customerContactId, t);
      const lines = await this.d.lines.build(input.items, t);
      const now = this.d.clock.now();
      const quotationNo = await this.nextNumber(now, t);
      const { items: _items, ...fields } = input;
      const quotationId = await this.d.quotations.create(
        {
          ...blankQuotation(),
          ...fields,
          quotationNo,
          baseNo: quotationNo,
          customerContactId: input.customerContactId ?? null,
          // The quotation follows whoever looks after the customer (the caller for a customer without owner).
          ownerId: customer.ownerId ?? by,
          paymentTerms: input.paymentTerms ?? null,
          deliveryTerms: input.deliveryTerms ?? null,
          notes: input.notes ?? null,
          createdBy: by,
          updatedBy: by,
        },
        t,
      );
      await this.d.items.insert(quotationId, lines, by, t);
      await this.d.lines.recompute(quotationId, by, t);
      await this.d.events.record(
        { quotationId, eventType: 'created', toValue: 'draft', createdBy: by, createdAt: now },
        t,
      );
      return quotationId;
    });
    return this.get(principal, id);
  }

  /** `QUOT-2026-001`: gap-free per UTC year, advanced inside the creating transaction. */
  private async nextNumber(now: Date, t: Transaction): Promise<string> {
    const year = String(now.getUTCFullYear());
    return formatNumber('QUOT', year, await this.d.sequences.next(`quotation:${year}`, t));
  }

  async list(principal: Principal, query: QuotationListQuery): Promise<Page<QuotationSummary>> {
    const { rows, total } = await this.d.quotations.list(query, scopeFor(principal));
    const customers = await this.d.quotations.customerNames(rows.map((r) => r.customerId));
    const owners = await this.d.users.displayNames(rows.flatMap((r) => (r.ownerId === null ? [] : [r.ownerId])));
    const list = rows.map((r) =>
      toQuotationSummaryDto(r, {
        customer: customers.get(r.customerId) ?? null,
        owner: r.ownerId === null ? null : (owners.get(r.ownerId) ?? null),
      }),
    );
    return toPage(list, total, query);
  }

  async get(principal: Principal, id: number): Promise<QuotationDetail> {
    const row = await this.mustFind(id, scopeFor(principal));
    const [items, events, customers, owners, contact] = await Promise.all([
      this.d.items.listFor(row.id),
      this.d.events.listFor(row.id),
      this.d.quotations.customerNames([row.customerId]),
      this.d.users.displayNames(row.ownerId === null ? [] : [row.ownerId]),
      row.customerContactId === null ? null : this.d.customers.findContact(row.customerId, row.customerContactId),
    ]);
    return toQuotationDetailDto(row, items, events, {
      customer: customers.get(row.customerId) ?? null,
      owner: row.ownerId === null ? null : (owners.get(row.ownerId) ?? null),
      contact: contact?.contactName ?? null,
    });
  }

  /** A quotation the scope may see, else 404 QUOTATION_NOT_FOUND (a foreign one looks missing). */
  async mustFind(id: number, scope: DataScope, t?: Transaction): Promise<QuotationRecord> {
    const row = await this.d.quotations.findById(id, scope, t);
    if (!row) throw new AppError('QUOTATION_NOT_FOUND');
    return row;
  }

  /** The contact must belong to the quotation's customer. */
  async assertContact(customerId: number, contactId: number, t: Transaction): Promise<void> {
    if (!(await this.d.customers.findContact(customerId, contactId, t))) {
      throw new AppError('CONTACT_NOT_FOUND', `联系人不存在或不属于该客户：${contactId}`, [
        { field: 'customerContactId', message: '联系人不存在或不属于该客户' },
      ]);
    }
  }

  /** For the customer page: the customer's newest 100 quotations, every version, newest first. */
  async summariesForCustomer(customerId: number): Promise<QuotationCustomerSummary[]> {
    const rows = await this.d.quotations.latestForCustomer(customerId, 100);
    return rows.map((r) => ({
      quotationId: r.id,
      quotationNo: r.quotationNo,
      quotationTitle: r.quotationTitle,
      status: r.status,
      totalAmount: formatMoney(r.totalAmount),
      validUntil: r.validUntil,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /**
   * Lost-deal statistics: how many quotations in the scope were rejected for each reason, rejected at or after
   * `from` and before `to` (either open). Every reason is present, 0 when none.
   */
  rejectReasonCounts(scope: DataScope, from?: Date, to?: Date): Promise<Record<QuotationRejectReason, number>> {
    return this.d.quotations.rejectReasonCounts(scope, from, to);
  }
}

/** The columns a new quotation (or version) starts with before its own fields. */
export function blankQuotation(): Pick<
  QuotationWrite,
  | 'version'
  | 'status'
  | 'standardTotal'
  | 'totalAmount'
  | 'discountTotal'
  | 'pdfFileUrl'
  | 'pdfGeneratedAt'
  | 'sentAt'
  | 'acceptedAt'
  | 'rejectedAt'
  | 'rejectReasonCode'
  | 'rejectReason'
  | 'expiredAt'
  | 'previousVersionId'
  | 'supersededById'
> {
  return {
    version: 1,
    status: 'draft',
    standardTotal: '0.00',
    totalAmount: '0.00',
    discountTotal: '0.00',
    pdfFileUrl: null,
    pdfGeneratedAt: null,
    sentAt: null,
    acceptedAt: null,
    rejectedAt: null,
    rejectReasonCode: null,
    rejectReason: null,
    expiredAt: null,
    previousVersionId: null,
    supersededById: null,
  };
}
