import type { Transaction } from 'sequelize';
import { OrderCancelRequestModel, OrderEventModel } from '../../db/models';
import type { OrderEventType } from './order-events.repository';

/** The few reads delivery and logistics need beyond the order, its lines and the timeline writer. */
export class OrderDeliveryRepository {
  /** A cancel request is pending while its row carries `pendingOrderId` (unique: at most one per order). */
  async hasPendingCancel(orderId: number, t?: Transaction): Promise<boolean> {
    return (await OrderCancelRequestModel.count({ where: { pendingOrderId: orderId }, transaction: t })) > 0;
  }

  /** The data of the order's latest timeline event of one type (null when none or unreadable). */
  async latestEventData(
    orderId: number,
    eventType: OrderEventType,
    t?: Transaction,
  ): Promise<Record<string, unknown> | null> {
    const row = await OrderEventModel.findOne({
      where: { orderId, eventType },
      order: [['id', 'DESC']],
      transaction: t,
    });
    if (!row?.data) return null;
    try {
      const value: unknown = JSON.parse(row.data);
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
}
