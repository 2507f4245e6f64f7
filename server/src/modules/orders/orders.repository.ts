import { Op, QueryTypes, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { OrderListQuery, OrderStatus } from '@app/shared';
import type { Database } from '../../db/database';
import { containsAny } from '../../db/like';
import { OrderItemModel, OrderModel, OrderStatusCountModel } from '../../db/models';
import { scopeSql, scopeWhere } from '../../db/scope-where';
import { SharedCache, type SharedCacheOptions } from '../../platform/shared-cache';
import type { DataScope } from '../access/principal';
import {
  SUMMARY_COLUMNS,
  itemFromRow,
  orderFromRow,
  toOrderRecord,
  type OrderItemRecord,
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

/** The scope rule as raw SQL over `orders` (the read hot paths); `alias` qualifies its columns (`o`). */
export function orderScopeSql(scope: DataScope, alias = '') {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  return scopeSql(scope, {
    owner: col('salesId'),
    company: col('customerId'),
    factory: { condition: `${col('id')} IN (SELECT orderId FROM purchase_orders WHERE factoryId = ?)` },
  });
}

/** Column lists of the raw reads, from the models (same names as the columns), built once. */
let columnLists: { order: string; item: string } | null = null;
function columns() {
  columnLists ??= {
    order: Object.keys(OrderModel.getAttributes()).join(', '),
    item: Object.keys(OrderItemModel.getAttributes()).join(', '),
  };
  return columnLists;
}

/** An order with its current lines, as the detail shows it. */
export interface OrderDetailRecord {
  order: OrderRecord;
  items: OrderItemRecord[];
}

/** Told when rows of an order (or of some order, `undefined`) change, so cached details are dropped. */
export interface OrderChanges {
  changed(orderId: number | undefined, t?: Transaction): void;
}

/** Every scope but a factory's is a condition on the order row itself, checked on a cached detail in memory. */
function inScope(order: OrderRecord, scope: DataScope): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'owner':
      return order.salesId === scope.userId;
    case 'company':
      return order.customerId === scope.customerId;
    default:
      return false;
  }
}

export class OrdersRepository implements OrderChanges {
  /** Order details by id, for the detail's hot path; dropped on every write to the order or its lines. */
  private readonly details: SharedCache<OrderDetailRecord> | null;

  constructor(
    private readonly db: Database,
    cache: Omit<SharedCacheOptions, 'name'> | null = null,
  ) {
    this.details = cache
      ? new SharedCache((id) => this.readDetail(id, { kind: 'all' }), { name: 'order detail', ...cache })
      : null;
  }

  /** The detail cache, to subscribe to other instances' invalidations (null when caching is off). */
  get detailCache(): SharedCache<OrderDetailRecord> | null {
    return this.details;
  }

  /**
   * Drops the cached detail of an order (all, when `orderId` is undefined) now and again when `t` commits: a
   * detail read between the write and the commit sees the old row, and the second drop keeps it from staying.
   */
  changed(orderId: number | undefined, t?: Transaction): void {
    const details = this.details;
    if (!details) return;
    details.invalidate(orderId);
    t?.afterCommit(() => details.invalidate(orderId));
  }

  /** The order and its current lines in the caller's scope: from the cache unless the caller is a factory. */
  async findDetail(id: number, scope: DataScope): Promise<OrderDetailRecord | null> {
    if (!this.details || scope.kind === 'factory' || scope.kind === 'none') return this.readDetail(id, scope);
    const detail = await this.details.get(id);
    return detail && inScope(detail.order, scope) ? detail : null;
  }

  /**
   * The order and its current lines, read raw in parallel (one round trip of latency, no model instances). The
   * lines of an order outside the scope are read and dropped.
   */
  private async readDetail(id: number, scope: DataScope): Promise<OrderDetailRecord | null> {
    const where = orderScopeSql(scope);
    const { order: orderCols, item: itemCols } = columns();
    const [orders, items] = await Promise.all([
      this.db.select(`SELECT ${orderCols} FROM orders WHERE id = ? AND ${where.sql}`, [id, ...where.params]),
      this.db.select(
        `SELECT ${itemCols} FROM order_items WHERE orderId = ? AND removedAt IS NULL ORDER BY sortOrder, id`,
        [id],
      ),
    ]);
    return orders.length === 0 ? null : { order: orderFromRow(orders[0]), items: items.map(itemFromRow) };
  }

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
      this.changed(Number(row.id), t);
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
    this.changed(id, t);
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
    this.changed(order.id, t);
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
