import type { Transaction } from 'sequelize';
import type { Config } from '@app/config';
import type { OrderStatus } from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { Clock } from '../../platform/clock';
import { scopeFor, type DataScope, type Principal } from '../access/principal';
import type { UsersRepository } from '../users/users.repository';
import type { OrderEventType, OrderEventsRepository } from './order-events.repository';
import type { OrderItemsRepository } from './order-items.repository';
import type { OrderRecord } from './order-records';
import { assertTransition, targetOf, type OrderAction } from './order-status';
import type { OrderPatch, OrdersRepository } from './orders.repository';

/** What every order service is built from. */
export interface OrdersDeps {
  db: Database;
  orders: OrdersRepository;
  items: OrderItemsRepository;
  events: OrderEventsRepository;
  users: UsersRepository;
  clock: Clock;
  config: Config['orders'];
}

/** One change in progress: the order as read inside its transaction, the time and who acts (null: the system). */
export interface OrderChange {
  order: OrderRecord;
  t: Transaction;
  now: Date;
  by: number | null;
}

export interface RunOptions {
  /** Facts from outside (goods received, courier signed, a halt running out) apply to a locked order too. */
  allowLocked?: boolean;
}

const locked = (o: OrderRecord) =>
  new AppError('ORDER_LOCKED', `订单已锁定${o.lockReason ? `（${o.lockReason}）` : ''}，请先解锁`, {
    lockedBy: o.lockedBy,
    lockedAt: o.lockedAt?.toISOString() ?? null,
  });

/**
 * The one way order services change an order: read it in the caller's scope inside a transaction, refuse a locked
 * one, change its status only along ORDER_TRANSITIONS with a conditional UPDATE, and write the timeline event
 * in the same transaction.
 */
export class OrderWorkflow {
  constructor(readonly d: OrdersDeps) {}

  async mustFind(id: number, scope: DataScope, t?: Transaction): Promise<OrderRecord> {
    const order = await this.d.orders.findById(id, scope, t);
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    return order;
  }

  /** Runs `fn` on the caller's order (404 when out of scope) inside one transaction. */
  run<T>(principal: Principal, id: number, fn: (c: OrderChange) => Promise<T>, options: RunOptions = {}): Promise<T> {
    return this.d.db.transaction(async (t) => {
      const order = await this.mustFind(id, scopeFor(principal), t);
      if (order.isLocked && !options.allowLocked) throw locked(order);
      return fn({ order, t, now: this.d.clock.now(), by: principal.userId });
    });
  }

  /** The same for the system (jobs, callbacks): any order, by nobody, locked or not. */
  runAsSystem<T>(id: number, fn: (c: OrderChange) => Promise<T>): Promise<T> {
    return this.d.db.transaction(async (t) => {
      const order = await this.mustFind(id, { kind: 'all' }, t);
      return fn({ order, t, now: this.d.clock.now(), by: null });
    });
  }

  /**
   * Moves the order along `action` (ORDER_INVALID_STATUS when the table does not allow it from the current
   * status). The UPDATE re-checks the status it read, so a concurrent change makes this one fail cleanly.
   */
  async transition(
    c: OrderChange,
    action: OrderAction,
    patch: OrderPatch = {},
    event: { type?: OrderEventType; note?: string | null; data?: Record<string, unknown> } = {},
    options: RunOptions = {},
  ): Promise<OrderStatus> {
    assertTransition(action, c.order.status);
    const to = targetOf(action, c.order.previousStatus);
    const applied = await this.d.orders.transition(c.order, to, { ...patch, updatedBy: c.by }, c.t, {
      unlocked: !options.allowLocked,
    });
    if (!applied) {
      const now = await this.d.orders.findById(c.order.id, { kind: 'all' }, c.t);
      if (now?.isLocked && !options.allowLocked) throw locked(now);
      throw new AppError('ORDER_INVALID_STATUS', '订单状态已被他人修改，请刷新后重试', { status: now?.status });
    }
    await this.record(c, event.type ?? 'status_changed', event.note, { action, ...event.data }, c.order.status, to);
    c.order = { ...c.order, ...patch, status: to };
    return to;
  }

  /** A non-status change guarded like a transition (refused when the order got locked meanwhile). */
  async update(c: OrderChange, patch: OrderPatch, options: RunOptions = {}): Promise<void> {
    const applied = await this.d.orders.update(c.order.id, { ...patch, updatedBy: c.by }, c.t, {
      unlocked: !options.allowLocked,
    });
    if (!applied) throw locked(c.order);
    c.order = { ...c.order, ...patch };
  }

  record(
    c: OrderChange,
    type: OrderEventType,
    note?: string | null,
    data?: Record<string, unknown> | null,
    fromStatus?: OrderStatus | null,
    toStatus?: OrderStatus | null,
  ): Promise<void> {
    return this.d.events.record(
      { orderId: c.order.id, eventType: type, note, data, fromStatus, toStatus, actorId: c.by, createdAt: c.now },
      c.t,
    );
  }
}
