import type { Transaction } from 'sequelize';
import type {
  Page,
  TicketCreate,
  TicketDetail,
  TicketListQuery,
  TicketStatistics,
  TicketStatisticsQuery,
  TicketSummary,
  TicketUpdate,
} from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Clock } from '../../platform/clock';
import { scopeFor, type DataScope, type Principal } from '../access/principal';
import type { CustomersRepository } from '../customers/customers.repository';
import { formatNumber, type NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { UsersRepository } from '../users/users.repository';
import type { TicketStatisticsRepository } from './ticket-statistics.repository';
import { EDITABLE, mustBeIn } from './ticket-rules';
import { warrantyOn } from './ticket-warranty';
import { toTicketDetailDto, toTicketLogDto, toTicketSummaryDto } from './tickets.mapper';
import type { TicketPatch, TicketRecord, TicketsRepository } from './tickets.repository';

export interface TicketsDeps {
  db: Database;
  clock: Clock;
  tickets: TicketsRepository;
  statistics: TicketStatisticsRepository;
  customers: Pick<CustomersRepository, 'findRef' | 'findContact'>;
  users: Pick<UsersRepository, 'displayNames' | 'findById' | 'accessOf'>;
  sequences: NumberSequenceRepository;
}

/** UTC calendar day of an instant: the day a ticket's warranty is judged on. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

const PRIORITY_NAMES: Record<string, string> = { urgent: '紧急', high: '高', medium: '中', low: '低' };

/** 004 §12.1-12.4 and 12.10: create, list, read, edit tickets and their statistics. */
export class TicketsService {
  constructor(readonly d: TicketsDeps) {}

  async create(principal: Principal, input: TicketCreate): Promise<TicketDetail> {
    const by = principal.userId;
    const id = await this.d.db.transaction(async (t) => {
      const customer = await this.d.customers.findRef(input.customerId, scopeFor(principal), t);
      if (!customer) {
        throw new AppError('TICKET_CUSTOMER_INVALID', `客户不存在：${input.customerId}`, [
          { field: 'customerId', message: '客户不存在' },
        ]);
      }
      if (input.customerContactId !== undefined) await this.assertContact(customer.id, input.customerContactId, t);
      const terms = input.contractId === undefined ? null : await this.contractTerms(input, t);
      if (input.productId !== undefined) await this.assertProduct(input.productId, input.contractId, t);
      const now = this.d.clock.now();
      const w = warrantyOn(terms, utcDay(now));
      const year = String(now.getUTCFullYear());
      const ticketNo = formatNumber('TICKET', year, await this.d.sequences.next(`ticket:${year}`, t));
      const ticketId = await this.d.tickets.create(
        {
          ticketNo,
          ticketType: input.ticketType,
          ticketTitle: input.ticketTitle,
          priority: input.priority,
          customerId: customer.id,
          customerContactId: input.customerContactId ?? null,
          contractId: input.contractId ?? null,
          productId: input.productId ?? null,
          problemDescription: input.problemDescription,
          expectedResolveDate: input.expectedResolveDate ?? null,
          attachmentUrls: input.attachmentUrls,
          isUnderWarranty: w.isUnderWarranty,
          warrantyStatus: w.warrantyStatus,
          warrantyStartDate: w.warrantyStartDate,
          warrantyEndDate: w.warrantyEndDate,
          warrantyDaysLeft: w.daysLeft,
          reportedAt: now,
          createdBy: by,
        },
        t,
      );
      const warranty = w.isUnderWarranty
        ? `在保${w.warrantyEndDate ? `（至 ${w.warrantyEndDate}，剩余 ${w.daysLeft} 天）` : '（质保尚未起算）'}`
        : '不在保';
      await this.d.tickets.addLog(
        { ticketId, logType: 'create', logContent: `创建工单 ${ticketNo}，${warranty}`, createdBy: by, createdAt: now },
        t,
      );
      return ticketId;
    });
    return this.get(principal, id);
  }

  private async contractTerms(input: TicketCreate, t: Transaction) {
    const terms = await this.d.tickets.contractTerms(input.contractId ?? 0, input.customerId, t);
    if (!terms) {
      throw new AppError('TICKET_CONTRACT_INVALID', `合同不存在或不属于该客户：${input.contractId}`, [
        { field: 'contractId', message: '合同不存在或不属于该客户' },
      ]);
    }
    return terms;
  }

  private async assertProduct(productId: number, contractId: number | undefined, t: Transaction): Promise<void> {
    const ok =
      contractId === undefined
        ? await this.d.tickets.productExists(productId, t)
        : await this.d.tickets.contractHasProduct(contractId, productId, t);
    if (!ok) {
      throw new AppError('TICKET_PRODUCT_INVALID', `产品不存在或不在该合同中：${productId}`, [
        { field: 'productId', message: '产品不存在或不在该合同中' },
      ]);
    }
  }

  private async assertContact(customerId: number, contactId: number, t: Transaction): Promise<void> {
    if (!(await this.d.customers.findContact(customerId, contactId, t))) {
      throw new AppError('CONTACT_NOT_FOUND', `联系人不存在或不属于该客户：${contactId}`, [
        { field: 'customerContactId', message: '联系人不存在或不属于该客户' },
      ]);
    }
  }

  async list(principal: Principal, query: TicketListQuery): Promise<Page<TicketSummary>> {
    const { rows, total } = await this.d.tickets.list(query, scopeFor(principal));
    const [customers, assignees] = await Promise.all([
      this.d.tickets.customerNames(rows.map((r) => r.customerId)),
      this.d.users.displayNames(rows.flatMap((r) => (r.assignedTo === null ? [] : [r.assignedTo]))),
    ]);
    const list = rows.map((r) =>
      toTicketSummaryDto(r, {
        customer: customers.get(r.customerId) ?? null,
        assignee: r.assignedTo === null ? null : (assignees.get(r.assignedTo) ?? null),
      }),
    );
    return toPage(list, total, query);
  }

  async get(principal: Principal, id: number): Promise<TicketDetail> {
    const r = await this.mustFind(id, scopeFor(principal));
    const [customers, parts, logs, contact, products] = await Promise.all([
      this.d.tickets.customerNames([r.customerId]),
      this.d.tickets.partsOf(r.id),
      this.d.tickets.logsOf(r.id),
      r.customerContactId === null ? null : this.d.tickets.contact(r.customerContactId),
      this.d.tickets.productNames(r.productId === null ? [] : [r.productId]),
    ]);
    const people = [r.assignedTo, ...logs.map((l) => l.createdBy)].flatMap((v) => (v === null ? [] : [v]));
    const names = await this.d.users.displayNames(people);
    const name = (v: number | null) => (v === null ? null : (names.get(v) ?? null));
    return toTicketDetailDto(r, {
      customer: customers.get(r.customerId) ?? null,
      assignee: name(r.assignedTo),
      contact,
      product: r.productId === null ? null : (products.get(r.productId) ?? null),
      parts,
      logs: logs.map((l) => toTicketLogDto(l, name(l.createdBy))),
    });
  }

  /** A ticket the scope may see, else 404 TICKET_NOT_FOUND (a foreign one looks missing). */
  async mustFind(id: number, scope: DataScope, t?: Transaction): Promise<TicketRecord> {
    const row = await this.d.tickets.findById(id, scope, t);
    if (!row) throw new AppError('TICKET_NOT_FOUND');
    return row;
  }

  /** 12.4: open tickets only; the change and its reason go into the log. Customer and contract never change. */
  async update(principal: Principal, id: number, input: TicketUpdate): Promise<TicketDetail> {
    await this.d.db.transaction(async (t) => {
      const r = await this.mustFind(id, scopeFor(principal), t);
      mustBeIn(r.status, EDITABLE, '修改');
      if (input.customerContactId !== undefined && input.customerContactId !== null) {
        await this.assertContact(r.customerId, input.customerContactId, t);
      }
      const now = this.d.clock.now();
      const { updateReason, ...fields } = input;
      const patch: TicketPatch = { ...fields, updatedBy: principal.userId, updatedAt: now };
      if (!(await this.d.tickets.update(r.id, patch, t, { status: EDITABLE }))) throw new AppError('TICKET_CHANGED');
      const changes = describeChanges(r, input);
      const content = `修改工单：${changes.join('；') || '无变化'}${updateReason ? `。原因：${updateReason}` : ''}`;
      await this.d.tickets.addLog(
        { ticketId: r.id, logType: 'update', logContent: content, createdBy: principal.userId, createdAt: now },
        t,
      );
    });
    return this.get(principal, id);
  }

  statistics(principal: Principal, query: TicketStatisticsQuery): Promise<TicketStatistics> {
    return this.d.statistics.compute(query, scopeFor(principal));
  }
}

/** The log line of an edit: which fields changed, priority and date with old → new. */
function describeChanges(r: TicketRecord, input: TicketUpdate): string[] {
  const out: string[] = [];
  if (input.priority !== undefined && input.priority !== r.priority) {
    out.push(`优先级 ${PRIORITY_NAMES[r.priority]} → ${PRIORITY_NAMES[input.priority]}`);
  }
  if (input.expectedResolveDate !== undefined && input.expectedResolveDate !== r.expectedResolveDate) {
    out.push(`期望解决日期 ${r.expectedResolveDate ?? '无'} → ${input.expectedResolveDate ?? '无'}`);
  }
  if (input.ticketType !== undefined && input.ticketType !== r.ticketType) {
    out.push(`类型 ${r.ticketType} → ${input.ticketType}`);
  }
  if (input.ticketTitle !== undefined && input.ticketTitle !== r.ticketTitle) out.push('标题');
  if (input.problemDescription !== undefined && input.problemDescription !== r.problemDescription) out.push('问题描述');
  if (input.customerContactId !== undefined && input.customerContactId !== r.customerContactId) out.push('联系人');
  if (input.attachmentUrls !== undefined) out.push('附件');
  return out;
}
