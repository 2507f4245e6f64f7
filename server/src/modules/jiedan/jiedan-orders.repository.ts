import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { JiedanModel, OrderItemModel, OrderModel, PurchaseOrderModel } from '../../db/models';
import type { DataScope } from '../access/principal';
import { orderScopeWhere } from '../orders/orders.repository';
import type { BidOrderFacts, BidOrderSummary } from './jiedan-records';

/** How `facts` reads the order row: MySQL `LOCK IN SHARE MODE` (bids), `FOR UPDATE` (decisions), or plainly. */
export type OrderLock = 'share' | 'update' | 'none';

/**
 * What the bid rules read of orders: whether one takes bids, who may see it (staff: `orderScopeWhere`, the
 * order module's own scope rule), and the number and lines that title a bid.
 */
export class JiedanOrdersRepository {
  /**
   * The order's facts, or null when it does not exist or (with a scope) is outside it. Placing and re-pricing a
   * bid take a shared lock on the order row and decisions an exclusive one, so an acceptance never misses a bid
   * placed at the same moment; the locking read also sees the latest committed state (split, locked).
   */
  async facts(
    orderId: number,
    scope: DataScope | null,
    lock: OrderLock,
    t?: Transaction,
  ): Promise<BidOrderFacts | null> {
    const where: WhereOptions = scope ? { [Op.and]: [{ id: orderId }, orderScopeWhere(scope)] } : { id: orderId };
    const row = await OrderModel.findOne({
      where,
      attributes: ['id', 'orderNo', 'status', 'isLocked'],
      lock: !t || lock === 'none' ? undefined : lock === 'update' ? t.LOCK.UPDATE : t.LOCK.SHARE,
      transaction: t,
    });
    if (!row) return null;
    const [purchaseOrders, accepted] = await Promise.all([
      PurchaseOrderModel.count({ where: { orderId }, transaction: t }),
      JiedanModel.findOne({ attributes: ['id'], where: { acceptedOrderId: orderId }, transaction: t }),
    ]);
    return {
      id: Number(row.id),
      orderNo: row.orderNo,
      status: row.status,
      isLocked: Boolean(row.isLocked),
      split: purchaseOrders > 0,
      acceptedBidId: accepted ? Number(accepted.id) : null,
    };
  }

  /** Whether the order exists within the caller's scope (staff: `orderScopeWhere`). */
  async visible(orderId: number, scope: DataScope): Promise<boolean> {
    return (await OrderModel.count({ where: { [Op.and]: [{ id: orderId }, orderScopeWhere(scope)] } })) > 0;
  }

  /** Whether a factory supplies the order (has a purchase order of it). */
  async suppliedBy(orderId: number, factoryId: number): Promise<boolean> {
    return (await PurchaseOrderModel.count({ where: { orderId, factoryId } })) > 0;
  }

  /** Numbers and current lines of orders, two queries for any number of orders. */
  async summaries(orderIds: number[]): Promise<Map<number, BidOrderSummary>> {
    const ids = [...new Set(orderIds)];
    if (ids.length === 0) return new Map();
    const [orders, lines] = await Promise.all([
      OrderModel.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'orderNo'], raw: true }),
      OrderItemModel.findAll({
        where: { orderId: { [Op.in]: ids }, removedAt: null },
        attributes: ['orderId', 'productName', 'quantity', 'unit'],
        order: [
          ['orderId', 'ASC'],
          ['sortOrder', 'ASC'],
          ['id', 'ASC'],
        ],
        raw: true,
      }),
    ]);
    const out = new Map<number, BidOrderSummary>();
    for (const o of orders) out.set(Number(o.id), { id: Number(o.id), orderNo: o.orderNo, lines: [] });
    for (const l of lines) {
      out.get(Number(l.orderId))?.lines.push({
        productName: l.productName,
        quantity: String(l.quantity),
        unit: l.unit,
      });
    }
    return out;
  }
}
