import { Op, QueryTypes, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { OrderListQuery, OrderStatus } from '@app/shared';
import type { Database } from '../../db/database';
import { containsAny } from '../../db/like';
import { OrderModel, OrderStatusCountModel } from '../../db/models';
import { scopeWhere } from '../../db/scope-where';
import type { DataScope } from '../access/principal';
import {
  SUMMARY_COLUMNS,
  toOrderRecord,
  toOrderSummaryRecord,
  type OrderRecord,
  type OrderSummaryRecord,
} from './order-records';

export type OrderWrite = Omit<
  OrderRecord,
  | 'id'
  | 'updatedAt'
  | 'isLocked'
  | 'lockedBy'
  | 'lockedAt'
  | 'lockReason'
  | 'haltedReason'
  | 'haltType'
  | 'haltedAt'
  | 'haltUntil'
  | 'cancelReason'
  | 'cancelType'
  | 'cancelledBy'
  | 'cancelledAt'
  | 'logisticsCompany'
  | 'trackingNumber'
  | 'shippingFee'
  | 'shippedAt'
  | 'deliveredAt'
  | 'completedAt'
  | 'closedAt'
  | 'previousStatus'
  | 'updatedBy'
>;

/** Columns a service may change; `status` only through `transition`. */
export type OrderPatch = Partial<
  Omit<OrderRecord, 'id' | 'orderNo' | 'quoteId' | 'customerId' | 'createdAt' | 'status'>
>;

/** Conditions the UPDATE re-checks on the row itself. */
export interface OrderGuard {
  unlocked?: boolean;
}

/** Thrown when the unique key on `quoteId` refuses a second order for one quotation. */
export class DuplicateQuoteError extends Error {}

const DAY_MS = 86_400_000;
const dayStart = (day: string, next = false) => new Date(Date.parse(`${day}T00:00:00.000Z`) + (next ? DAY_MS : 0));

/** The scope rule for orders: sales see their own, a company its own, a factory the orders it supplies. */
export function orderScopeWhere(scope: DataScope): WhereOptions {
  if (scope.kind === 'factory') {
    return {
      id: {
        [Op.in]: literal(`(SELECT orderId FROM purchase_orders WHERE factoryId = ${Number(scope.factoryId)})`),
      },
    };
  }
  return scopeWhere(scope, { owner: 'salesId', company: 'customerId' });
}

export class OrdersRepository {
  constructor(private readonly db: Database) {}

  async findById(id: number, scope: DataScope, t?: Transaction): Promise<OrderRecord | null> {
    const row = await OrderModel.findOne({ where: { [Op.and]: [{ id }, orderScopeWhere(scope)] }, transaction: t });
    return row ? toOrderRecord(row) : null;
  }

  async existsForQuote(quoteId: number, t?: Transaction): Promise<boolean> {
    return (await OrderModel.count({ where: { quoteId }, transaction: t })) > 0;
  }

  async findByTrackingNumber(trackingNumber: string, t?: Transaction): Promise<OrderRecord[]> {
    const rows = await OrderModel.findAll({ where: { trackingNumber }, transaction: t });
    return rows.map(toOrderRecord);
  }

  async create(data: OrderWrite, t: Transaction): Promise<{ id: number; createdAt: Date }> {
    try {
      const row = await OrderModel.create({ ...data, updatedAt: data.createdAt, isLocked: false }, { transaction: t });
      await this.bump([[data.salesId, data.status, 1]], t);
      return { id: Number(row.id), createdAt: row.createdAt };
    } catch (err) {
      const fields = (err as { fields?: unknown }).fields;
      const named = JSON.stringify(fields ?? '') + String((err as Error).message);
      if ((err as Error).name === 'SequelizeUniqueConstraintError' && /quote/i.test(named)) {
        throw new DuplicateQuoteError();
      }
      throw err;
    }
  }

  /** A non-status change, applied only while the guard holds. */
  async update(id: number, patch: OrderPatch, t: Transaction, guard: OrderGuard = {}): Promise<boolean> {
    const where: WhereOptions[] = [{ id }];
    if (guard.unlocked) where.push({ isLocked: false });
    const [count] = await OrderModel.update(patch, { where: { [Op.and]: where }, transaction: t });
    return count === 1;
  }

  /**
   * A status change from exactly `order.status` (the UPDATE re-checks it, so of two concurrent changes one
   * wins) together with the per-status counters, in the caller's transaction.
   */
  async transition(
    order: Pick<OrderRecord, 'id' | 'status' | 'salesId'>,
    to: OrderStatus,
    patch: OrderPatch,
    t: Transaction,
    guard: OrderGuard = {},
  ): Promise<boolean> {
    const where: WhereOptions[] = [{ id: order.id }, { status: order.status }];
    if (guard.unlocked) where.push({ isLocked: false });
    const [count] = await OrderModel.update({ ...patch, status: to }, { where: { [Op.and]: where }, transaction: t });
    if (count !== 1) return false;
    if (to !== order.status) {
      await this.bump(
        [
          [order.salesId, order.status, -1],
          [order.salesId, to, 1],
        ],
        t,
      );
    }
    return true;
  }

  async list(q: OrderListQuery, scope: DataScope): Promise<{ rows: OrderSummaryRecord[]; total: number }> {
    const where = this.conditions(q, scope);
    const rows = await OrderModel.findAll({
      attributes: [...SUMMARY_COLUMNS],
      raw: true,
      where,
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const total = (await this.countFromCounters(q, scope)) ?? (await OrderModel.count({ where }));
    return { rows: rows.map((r) => toOrderSummaryRecord(r)), total };
  }

  /** Orders halted until before `now`, oldest first (the auto-resume job). */
  async haltExpired(now: Date, limit: number): Promise<OrderRecord[]> {
    const rows = await OrderModel.findAll({
      where: { status: 'HALTED', haltUntil: { [Op.lte]: now } },
      order: [['haltUntil', 'ASC']],
      limit,
    });
    return rows.map(toOrderRecord);
  }

  /** Rebuilds the per-status counters from the orders themselves (after a bulk load; an operations tool). */
  async rebuildStatusCounts(): Promise<void> {
    await this.db.transaction(async (t) => {
      await OrderStatusCountModel.destroy({ where: {}, transaction: t });
      await this.db.sequelize.query(
        'INSERT INTO order_status_counts (salesId, status, count) ' +
          'SELECT COALESCE(salesId, 0), status, COUNT(*) FROM orders GROUP BY COALESCE(salesId, 0), status',
        { transaction: t },
      );
    });
  }

  private conditions(q: OrderListQuery, scope: DataScope): WhereOptions {
    const where: WhereOptions[] = [orderScopeWhere(scope)];
    if (q.status && q.status.length > 0) where.push({ status: { [Op.in]: q.status } });
    if (q.customerId !== undefined) where.push({ customerId: q.customerId });
    if (q.salesId !== undefined) where.push({ salesId: q.salesId });
    if (q.startDate) where.push({ createdAt: { [Op.gte]: dayStart(q.startDate) } });
    if (q.endDate) where.push({ createdAt: { [Op.lt]: dayStart(q.endDate, true) } });
    // The customer name is kept on the order (as it was when ordered), so the keyword needs no join.
    if (q.keyword) where.push(containsAny(OrderModel, ['orderNo', 'customerName'], q.keyword));
    return { [Op.and]: where };
  }

  /**
   * The exact total from the per-status counters when the filter is only status and owner (the list's common
   * case); null when another filter needs a real COUNT.
   */
  private async countFromCounters(q: OrderListQuery, scope: DataScope): Promise<number | null> {
    if (q.customerId !== undefined || q.startDate || q.endDate || q.keyword) return null;
    if (scope.kind !== 'all' && scope.kind !== 'owner') return null;
    const owners = [scope.kind === 'owner' ? scope.userId : undefined, q.salesId].filter(
      (x): x is number => x !== undefined,
    );
    if (new Set(owners).size > 1) return 0;
    const where: WhereOptions[] = [];
    if (owners.length > 0) where.push({ salesId: owners[0] });
    if (q.status && q.status.length > 0) where.push({ status: { [Op.in]: q.status } });
    const total = (await OrderStatusCountModel.sum('count', { where: { [Op.and]: where } })) as number | null;
    return Number(total ?? 0);
  }

  /** Adds to the per-(owner, status) counters, in a fixed key order so concurrent transitions never deadlock. */
  private async bump(changes: [number | null, string, number][], t: Transaction): Promise<void> {
    const sorted = [...changes].sort((a, b) => `${a[0] ?? 0}:${a[1]}`.localeCompare(`${b[0] ?? 0}:${b[1]}`));
    const upsert =
      this.db.dialect === 'mysql'
        ? 'INSERT INTO order_status_counts (salesId, status, count) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE count = count + VALUES(count)'
        : 'INSERT INTO order_status_counts (salesId, status, count) VALUES (?, ?, ?) ON CONFLICT (salesId, status) DO UPDATE SET count = count + excluded.count';
    for (const [salesId, status, delta] of sorted) {
      await this.db.sequelize.query(upsert, {
        replacements: [salesId ?? 0, status, delta],
        type: QueryTypes.INSERT,
        transaction: t,
      });
    }
  }
}
