import { Op, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { TicketListQuery, TicketLogType } from '@app/shared';
import {
  ContractItemModel,
  ContractModel,
  CustomerContactModel,
  CustomerModel,
  ProductModel,
  ServiceTicketLogModel,
  ServiceTicketModel,
  ServiceTicketPartModel,
} from '../../db/models';
import type { DataScope } from '../access/principal';
import {
  dayOrNull,
  idOrNull,
  money,
  parseUrls,
  toTicketRecord,
  type TicketGuard,
  type TicketLogRecord,
  type TicketPartRecord,
  type TicketPatch,
  type TicketRecord,
  type TicketWrite,
} from './ticket-records';
import type { WarrantyTerms } from './ticket-warranty';

export type { TicketLogRecord, TicketPartRecord, TicketPatch, TicketRecord, TicketWrite } from './ticket-records';

/**
 * Who sees a ticket: data.all every one; sales the tickets of the customers they look after (the customer's current
 * owner, so a customer transfer moves its tickets too); a bound company its own; nobody else any.
 */
export function ticketScope(scope: DataScope): WhereOptions {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'owner':
      return {
        customerId: {
          [Op.in]: literal(`(SELECT c.id FROM customers c WHERE c.ownerId = ${Number(scope.userId)})`),
        },
      };
    case 'company':
      return { customerId: scope.customerId };
    default:
      return { [Op.and]: [{ [Op.or]: [] }] };
  }
}

const json = (urls: readonly string[]) => JSON.stringify(urls);

function patchRow(patch: TicketPatch): Record<string, unknown> {
  const { attachmentUrls, solutionAttachmentUrls, ...rest } = patch;
  return {
    ...rest,
    ...(attachmentUrls === undefined ? {} : { attachmentUrls: json(attachmentUrls) }),
    ...(solutionAttachmentUrls === undefined ? {} : { solutionAttachmentUrls: json(solutionAttachmentUrls) }),
  };
}

/** `YYYY-MM-DD` (UTC) to its first instant; `next` gives the first instant of the following day. */
export const dayStart = (day: string, next = false) =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + (next ? 86_400_000 : 0));

/** Service tickets (004 §12), their parts and their logs; the only code touching those tables. */
export class TicketsRepository {
  async create(data: TicketWrite, t: Transaction): Promise<number> {
    const row = await ServiceTicketModel.create(
      {
        ...data,
        attachmentUrls: json(data.attachmentUrls),
        solutionAttachmentUrls: '[]',
        status: 'pending',
        updatedBy: data.createdBy,
        createdAt: data.reportedAt,
        updatedAt: data.reportedAt,
      },
      { transaction: t },
    );
    return Number(row.id);
  }

  /** A ticket the scope may see, else null (a foreign one looks missing). */
  async findById(id: number, scope: DataScope, t?: Transaction): Promise<TicketRecord | null> {
    const row = await ServiceTicketModel.findOne({ where: { [Op.and]: [{ id }, ticketScope(scope)] }, transaction: t });
    return row ? toTicketRecord(row) : null;
  }

  async list(q: TicketListQuery, scope: DataScope): Promise<{ rows: TicketRecord[]; total: number }> {
    const where: WhereOptions[] = [ticketScope(scope)];
    if (q.customerId !== undefined) where.push({ customerId: q.customerId });
    if (q.contractId !== undefined) where.push({ contractId: q.contractId });
    if (q.ticketType) where.push({ ticketType: q.ticketType });
    if (q.priority) where.push({ priority: q.priority });
    if (q.status) where.push({ status: q.status });
    if (q.assignedTo !== undefined) where.push({ assignedTo: q.assignedTo });
    if (q.isUnderWarranty !== undefined) where.push({ isUnderWarranty: q.isUnderWarranty === 1 });
    const { rows, count } = await ServiceTicketModel.findAndCountAll({
      where: { [Op.and]: where },
      order: [
        ['reportedAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toTicketRecord), total: count };
  }

  /** A conditional update: applies only while the row still matches `guard`; true when it did. */
  async update(id: number, patch: TicketPatch, t: Transaction, guard: TicketGuard = {}): Promise<boolean> {
    const where: WhereOptions[] = [{ id }];
    if (guard.status) where.push({ status: { [Op.in]: [...guard.status] } });
    if (guard.assignedTo !== undefined) where.push({ assignedTo: guard.assignedTo });
    if (guard.unrated) where.push({ customerRating: null });
    const [count] = await ServiceTicketModel.update(patchRow(patch), { where: { [Op.and]: where }, transaction: t });
    return count === 1;
  }

  /** Stamps the first response once: only a ticket without one gets it. */
  async markFirstResponse(id: number, at: Date, t: Transaction): Promise<void> {
    await ServiceTicketModel.update(
      { firstResponseAt: at },
      { where: { id, firstResponseAt: null }, transaction: t, silent: true },
    );
  }

  async insertParts(ticketId: number, parts: readonly TicketPartRecord[], at: Date, t: Transaction): Promise<void> {
    await ServiceTicketPartModel.destroy({ where: { ticketId }, transaction: t });
    if (parts.length === 0) return;
    await ServiceTicketPartModel.bulkCreate(
      parts.map((p, i) => ({ ...p, ticketId, sortOrder: i + 1, createdAt: at })),
      { transaction: t },
    );
  }

  async partsOf(ticketId: number): Promise<TicketPartRecord[]> {
    const rows = await ServiceTicketPartModel.findAll({
      where: { ticketId },
      order: [['sortOrder', 'ASC']],
      raw: true,
    });
    return rows.map((r) => ({
      partName: r.partName,
      partCode: r.partCode ?? null,
      quantity: Number(r.quantity),
      unitCost: money(r.unitCost) ?? '0.00',
      subtotal: money(r.subtotal) ?? '0.00',
    }));
  }

  async addLog(
    log: Omit<TicketLogRecord, 'id' | 'attachmentUrls'> & { attachmentUrls?: readonly string[] },
    t: Transaction,
  ): Promise<number> {
    const row = await ServiceTicketLogModel.create(
      { ...log, attachmentUrls: json(log.attachmentUrls ?? []) },
      { transaction: t },
    );
    return Number(row.id);
  }

  /** A ticket's log, oldest first. */
  async logsOf(ticketId: number, t?: Transaction): Promise<TicketLogRecord[]> {
    const rows = await ServiceTicketLogModel.findAll({
      where: { ticketId },
      order: [['id', 'ASC']],
      raw: true,
      transaction: t,
    });
    return rows.map((r) => ({
      id: Number(r.id),
      ticketId: Number(r.ticketId),
      logType: r.logType as TicketLogType,
      logContent: r.logContent,
      attachmentUrls: parseUrls(r.attachmentUrls),
      createdBy: idOrNull(r.createdBy),
      createdAt: new Date(r.createdAt),
    }));
  }

  /** The warranty terms of a contract of this customer (read-only), else null when there is no such contract. */
  async contractTerms(contractId: number, customerId: number, t: Transaction): Promise<WarrantyTerms | null> {
    const row = await ContractModel.findOne({
      attributes: [
        'warrantyPeriod',
        'warrantyStartType',
        'warrantyStartDate',
        'warrantyEndDate',
        'signedDate',
        'status',
      ],
      where: { id: contractId, customerId },
      transaction: t,
      raw: true,
    });
    return row
      ? {
          warrantyPeriod: row.warrantyPeriod ?? null,
          warrantyStartType: row.warrantyStartType ?? null,
          warrantyStartDate: dayOrNull(row.warrantyStartDate),
          warrantyEndDate: dayOrNull(row.warrantyEndDate),
          // A draft's signing date is only planned: its warranty has not started.
          signedDate: row.status === 'draft' ? null : dayOrNull(row.signedDate),
        }
      : null;
  }

  async contractHasProduct(contractId: number, productId: number, t: Transaction): Promise<boolean> {
    return (await ContractItemModel.count({ where: { contractId, productId }, transaction: t })) > 0;
  }

  async productExists(productId: number, t: Transaction): Promise<boolean> {
    return (await ProductModel.count({ where: { id: productId }, transaction: t })) > 0;
  }

  async productNames(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await ProductModel.findAll({
      attributes: ['id', 'productName'],
      where: { id: { [Op.in]: unique } },
      paranoid: false,
      raw: true,
    });
    return new Map(rows.map((r) => [Number(r.id), r.productName]));
  }

  /** Customer names for tickets (deleted customers keep their name here). */
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

  async contact(id: number): Promise<{ contactName: string; phone: string | null } | null> {
    const row = await CustomerContactModel.findOne({ where: { id }, paranoid: false, raw: true });
    return row ? { contactName: row.contactName, phone: row.mobile ?? null } : null;
  }
}
