import { Op, fn, col, type Transaction, type WhereOptions } from 'sequelize';
import {
  QUOTATION_REJECT_REASONS,
  type QuotationListQuery,
  type QuotationRejectReason,
  type QuotationStatus,
} from '@app/shared';
import { CustomerModel, QuotationModel } from '../../db/models';
import { scopeWhere } from '../../db/scope-where';
import type { DataScope } from '../access/principal';
import { dayOf, idOrNull, type QuotationRecord } from './quotation-records';

/** The statuses whose quotations still belong to whoever looks after the customer. */
export const OPEN_STATUSES: readonly QuotationStatus[] = ['draft', 'sent'];

type MoneyColumn = 'standardTotal' | 'totalAmount' | 'discountTotal';
/** Written money is always a decimal string (the database keeps it exact). */
export type QuotationWrite = Omit<QuotationRecord, 'id' | 'createdAt' | 'updatedAt' | MoneyColumn> &
  Record<MoneyColumn, string>;
/** Conditions a conditional update re-checks on the row itself. */
export interface QuotationGuard {
  status?: readonly QuotationStatus[];
  validUntilBefore?: string;
}

export type QuotationPatch = Partial<Omit<QuotationWrite, 'quotationNo' | 'baseNo' | 'customerId'>> & {
  updatedBy: number | null;
};

function toRecord(m: QuotationModel): QuotationRecord {
  const r = m.get({ plain: true });
  return {
    ...r,
    id: Number(r.id),
    version: Number(r.version),
    customerId: Number(r.customerId),
    customerContactId: idOrNull(r.customerContactId),
    ownerId: idOrNull(r.ownerId),
    validFrom: dayOf(r.validFrom),
    validUntil: dayOf(r.validUntil),
    rejectReasonCode: r.rejectReasonCode as QuotationRejectReason | null,
    previousVersionId: idOrNull(r.previousVersionId),
    supersededById: idOrNull(r.supersededById),
    createdBy: idOrNull(r.createdBy),
    updatedBy: idOrNull(r.updatedBy),
  };
}

const scoped = (scope: DataScope): WhereOptions => scopeWhere(scope, { owner: 'ownerId' });

/** `YYYY-MM-DD` (UTC) to the first instant of that day; `end` gives the first instant of the next day. */
const dayStart = (day: string, next = false) => new Date(Date.parse(`${day}T00:00:00.000Z`) + (next ? 86_400_000 : 0));

export class QuotationsRepository {
  /** A quotation the scope may see, else null (a foreign one looks missing). */
  async findById(id: number, scope: DataScope, t?: Transaction): Promise<QuotationRecord | null> {
    const row = await QuotationModel.findOne({ where: { [Op.and]: [{ id }, scoped(scope)] }, transaction: t });
    return row ? toRecord(row) : null;
  }

  async list(q: QuotationListQuery, scope: DataScope): Promise<{ rows: QuotationRecord[]; total: number }> {
    const where: WhereOptions[] = [scoped(scope)];
    if (q.customerId !== undefined) where.push({ customerId: q.customerId });
    if (q.status) where.push({ status: q.status });
    if (q.ownerId !== undefined) where.push({ ownerId: q.ownerId });
    if (q.startDate) where.push({ createdAt: { [Op.gte]: dayStart(q.startDate) } });
    if (q.endDate) where.push({ createdAt: { [Op.lt]: dayStart(q.endDate, true) } });
    const { rows, count } = await QuotationModel.findAndCountAll({
      where: { [Op.and]: where },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }

  async create(data: QuotationWrite, t: Transaction): Promise<number> {
    const row = await QuotationModel.create({ ...data, deletedAt: null }, { transaction: t });
    return Number(row.id);
  }

  /**
   * A conditional update: it applies only while the row still matches `guard`. Inside a transaction this is the
   * state check itself (`UPDATE … WHERE status = 'sent'`), so of two concurrent callers exactly one wins.
   */
  async update(id: number, patch: QuotationPatch, t: Transaction, guard: QuotationGuard = {}): Promise<boolean> {
    const where: WhereOptions[] = [{ id }];
    if (guard.status) where.push({ status: { [Op.in]: [...guard.status] } });
    if (guard.validUntilBefore) where.push({ validUntil: { [Op.lt]: guard.validUntilBefore } });
    const [count] = await QuotationModel.update(patch, { where: { [Op.and]: where }, transaction: t });
    return count === 1;
  }

  /** Moves a customer's open (draft/sent) quotations to a new owner; the CRM's owner transfer calls it. */
  async transferOwner(customerId: number, newOwnerId: number, updatedBy: number, t: Transaction): Promise<number> {
    const [count] = await QuotationModel.update(
      { ownerId: newOwnerId, updatedBy },
      { where: { customerId, status: { [Op.in]: [...OPEN_STATUSES] } }, transaction: t },
    );
    return count;
  }

  /** Sent quotations whose last valid day is before `today`, oldest first. */
  async dueForExpiry(today: string, limit: number): Promise<number[]> {
    const rows = await QuotationModel.findAll({
      attributes: ['id'],
      where: { status: 'sent', validUntil: { [Op.lt]: today } },
      order: [['validUntil', 'ASC']],
      limit,
      raw: true,
    });
    return rows.map((r) => Number(r.id));
  }

  /** Lost-deal reasons of rejected quotations, rejected in [from, to), every reason present (0 when none). */
  async rejectReasonCounts(scope: DataScope, from?: Date, to?: Date): Promise<Record<QuotationRejectReason, number>> {
    const where: WhereOptions[] = [scoped(scope), { status: 'rejected' }];
    if (from) where.push({ rejectedAt: { [Op.gte]: from } });
    if (to) where.push({ rejectedAt: { [Op.lt]: to } });
    const rows = (await QuotationModel.findAll({
      attributes: ['rejectReasonCode', [fn('COUNT', col('id')), 'n']],
      where: { [Op.and]: where },
      group: ['rejectReasonCode'],
      raw: true,
    })) as unknown as { rejectReasonCode: string | null; n: number | string }[];
    const counts = Object.fromEntries(QUOTATION_REJECT_REASONS.map((r) => [r, 0])) as Record<
      QuotationRejectReason,
      number
    >;
    for (const row of rows) {
      const code = (row.rejectReasonCode ?? 'other') as QuotationRejectReason;
      if (code in counts) counts[code] += Number(row.n);
    }
    return counts;
  }

  /** The newest quotations of a customer (every version), for the customer's page. */
  async latestForCustomer(customerId: number, limit: number): Promise<QuotationRecord[]> {
    const rows = await QuotationModel.findAll({
      where: { customerId },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit,
    });
    return rows.map(toRecord);
  }

  /** Customer names for a page of quotations (deleted customers keep their name here). */
  async customerNames(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await CustomerModel.findAll({
      attributes: ['id', 'customerName'],
      where: { id: { [Op.in]: unique } },
      paranoid: false,
      raw: true,
    });
    return new Map(rows.map((r) => [Number(r.id), r.customerName]));
  }
}
