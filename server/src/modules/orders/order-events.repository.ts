import type { Transaction } from 'sequelize';
import type { OrderStatus } from '@app/shared';
import { OrderEventModel } from '../../db/models';
import { idOrNull } from './order-records';

/** What can happen to an order; the timeline shows each with who, when and a note. */
export type OrderEventType =
  | 'created'
  | 'updated'
  | 'status_changed'
  | 'locked'
  | 'unlocked'
  | 'split'
  | 'goods_received'
  | 'delivery_requested'
  | 'shipped'
  | 'logistics_updated'
  | 'logistics_event'
  | 'logistics_subscribe_failed'
  | 'signed'
  | 'completed'
  | 'change_requested'
  | 'change_approved'
  | 'change_rejected'
  | 'cancel_requested'
  | 'cancel_approved'
  | 'cancel_rejected'
  | 'cancelled'
  | 'halted'
  | 'resumed'
  | 'progress_posted'
  | 'progress_updated'
  | 'progress_deleted'
  | 'progress_delayed'
  | 'bid_placed'
  | 'bid_updated'
  | 'bid_accepted'
  | 'bid_rejected'
  | 'bid_deleted';

export interface OrderEventWrite {
  orderId: number;
  eventType: OrderEventType;
  fromStatus?: OrderStatus | null;
  toStatus?: OrderStatus | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  actorId: number | null;
  createdAt: Date;
}

export interface OrderEventRecord {
  id: number;
  eventType: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  note: string | null;
  data: Record<string, unknown> | null;
  actorId: number | null;
  createdAt: Date;
}

function parseData(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The order timeline: append-only, written in the same transaction as the change it records. */
export class OrderEventsRepository {
  async record(event: OrderEventWrite, t: Transaction): Promise<void> {
    await OrderEventModel.create(
      {
        orderId: event.orderId,
        eventType: event.eventType,
        fromStatus: event.fromStatus ?? null,
        toStatus: event.toStatus ?? null,
        note: event.note?.slice(0, 500) ?? null,
        data: event.data ? JSON.stringify(event.data) : null,
        actorId: event.actorId,
        createdAt: event.createdAt,
      },
      { transaction: t },
    );
  }

  async listFor(orderId: number): Promise<OrderEventRecord[]> {
    const rows = await OrderEventModel.findAll({ where: { orderId }, order: [['id', 'ASC']] });
    return rows.map((r) => ({
      id: Number(r.id),
      eventType: r.eventType,
      fromStatus: (r.fromStatus as OrderStatus | null) ?? null,
      toStatus: (r.toStatus as OrderStatus | null) ?? null,
      note: r.note,
      data: parseData(r.data),
      actorId: idOrNull(r.actorId),
      createdAt: r.createdAt,
    }));
  }
}
