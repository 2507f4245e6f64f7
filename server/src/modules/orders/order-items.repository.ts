import { Op, type Transaction } from 'sequelize';
import type { DeliveryStatus } from '@app/shared';
import { OrderItemModel } from '../../db/models';
import { toOrderItemRecord, type OrderItemRecord } from './order-records';
import type { OrderChanges } from './orders.repository';

export type OrderItemWrite = Omit<
  OrderItemRecord,
  'id' | 'supplierId' | 'purchaseOrderId' | 'inStockAt' | 'shippedAt' | 'deliveredAt'
>;
export type OrderItemPatch = Partial<Omit<OrderItemRecord, 'id' | 'orderId'>> & { removedAt?: Date };

/** The lines of orders. A line a change request removes keeps its row, with `removedAt` set. */
export class OrderItemsRepository {
  constructor(private readonly orders: OrderChanges) {}

  /** The order's current lines, in order. */
  async listFor(orderId: number, t?: Transaction): Promise<OrderItemRecord[]> {
    const rows = await OrderItemModel.findAll({
      where: { orderId, removedAt: null },
      order: [
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
    return rows.map(toOrderItemRecord);
  }

  async createMany(items: OrderItemWrite[], t: Transaction): Promise<number[]> {
    const ids: number[] = [];
    // One by one: SQLite's bulk insert does not return every id.
    for (const item of items) ids.push(Number((await OrderItemModel.create(item, { transaction: t })).id));
    for (const orderId of new Set(items.map((i) => i.orderId))) this.orders.changed(orderId, t);
    return ids;
  }

  async update(ids: readonly number[], patch: OrderItemPatch, t: Transaction): Promise<number> {
    if (ids.length === 0) return 0;
    const [count] = await OrderItemModel.update(patch, {
      where: { id: { [Op.in]: [...ids] }, removedAt: null },
      transaction: t,
    });
    // Lines by id: which orders is not known here, so every cached detail goes.
    this.orders.changed(undefined, t);
    return count;
  }

  /** Moves lines of one order from one delivery status to the next (only those still in `from`). */
  async advanceDelivery(
    orderId: number,
    from: readonly DeliveryStatus[],
    patch: OrderItemPatch & { deliveryStatus: DeliveryStatus },
    t: Transaction,
  ): Promise<number> {
    const [count] = await OrderItemModel.update(patch, {
      where: { orderId, removedAt: null, deliveryStatus: { [Op.in]: [...from] } },
      transaction: t,
    });
    this.orders.changed(orderId, t);
    return count;
  }

  async remove(ids: readonly number[], at: Date, t: Transaction): Promise<number> {
    return this.update(ids, { removedAt: at }, t);
  }
}
