import type { Transaction } from 'sequelize';
import type { Jiedan, JiedanCreate, JiedanUpdate } from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import type { OrderEventType } from '../orders/order-events.repository';
import { biddingFactoryOf, mustBeBiddingFactory } from './jiedan-access';
import { changedMeanwhile, notOpen, notPending, type JiedanDecisionService } from './jiedan-decision.service';
import type { JiedanDeps } from './jiedan-deps';
import { toJiedanDto } from './jiedan.mapper';
import { closedReason, type JiedanRecord } from './jiedan-records';
import { DuplicateBidError, type Stamp } from './jiedan.repository';

export const DELETED_MESSAGE = '接单记录删除成功';

/**
 * 001 §1 接单, §7 更新, §8 删除. A factory user bids as its own factory, re-prices and withdraws its own pending bids;
 * staff change a bid's status through §7 by the rules of §5/§6, and (with `jiedan.delete`) delete bids.
 */
export class JiedanService {
  constructor(
    private readonly d: JiedanDeps,
    private readonly decisions: JiedanDecisionService,
  ) {}

  /**
   * §1: one live bid per factory and order, decided by the unique key (a second, even concurrent, answers 409).
   * Only an order that takes bids (PENDING_PO, not locked, not split, no accepted bid) may be bid on (422).
   */
  async create(p: Principal, input: JiedanCreate): Promise<Jiedan> {
    const factoryId = mustBeBiddingFactory(p);
    if (input.factory_id !== undefined && input.factory_id !== factoryId) {
      const message = '工厂只能以自己的身份接单（factory_id 与登录工厂不一致）';
      throw new AppError('FORBIDDEN', message, [{ field: 'factory_id', message }]);
    }
    const s = this.stamp(p);
    const bid = await this.d.db.transaction(async (t) => {
      const order = await this.d.orders.facts(input.order_id, null, 'share', t);
      if (!order) throw new AppError('ORDER_NOT_FOUND');
      const factory = await this.d.factories.findById(factoryId, { kind: 'all' }, t);
      if (!factory) throw new AppError('FACTORY_NOT_FOUND');
      if (!factory.isActive) throw new AppError('FACTORY_INACTIVE', '工厂已停用，不能接单');
      const closed = closedReason(order);
      if (closed) throw notOpen(closed);
      const created = await this.d.bids
        .insert({ orderId: order.id, factoryId, price: input.price }, s, t)
        .catch((err: unknown) => {
          if (err instanceof DuplicateBidError) throw new AppError('JIEDAN_DUPLICATE');
          throw err;
        });
      await this.event(created, 'bid_placed', `${factory.name} 接单，报价 ${created.price}`, s, t);
      return created;
    });
    return toJiedanDto(bid);
  }

  /** §7: `price` (a factory, its own pending bid on an order still taking bids) or `status` (staff, as §5/§6). */
  async update(p: Principal, id: number, input: JiedanUpdate): Promise<Jiedan> {
    if (input.status === 'accepted') return this.decisions.accept(p, id);
    if (input.status === 'rejected') return this.decisions.reject(p, id, input.reason ?? null);
    const price = input.price;
    if (price === undefined) throw new AppError('VALIDATION_ERROR', '须修改 price 或 status');
    const factoryId = mustBeBiddingFactory(p, '修改接单价格');
    const head = await this.d.bids.findById(id, { factoryId });
    if (!head) throw new AppError('JIEDAN_NOT_FOUND');
    const s = this.stamp(p);
    const bid = await this.d.db.transaction(async (t) => {
      const order = await this.d.orders.facts(head.orderId, null, 'share', t);
      const current = await this.d.bids.findById(id, { factoryId, lock: true }, t);
      if (!order || !current) throw new AppError('JIEDAN_NOT_FOUND');
      if (current.status !== 'pending') throw notPending(current.status, '修改价格');
      const closed = closedReason(order);
      if (closed) throw notOpen(closed);
      if (!(await this.d.bids.updatePrice(id, price, s, t))) throw changedMeanwhile();
      const note = `工厂修改报价 ${current.price} → ${price}`;
      await this.event(current, 'bid_updated', note, s, t, { previousPrice: current.price, price });
      return this.d.bids.findById(id, {}, t);
    });
    if (!bid) throw new AppError('JIEDAN_NOT_FOUND');
    return toJiedanDto(bid);
  }

  /**
   * §8 soft delete. A factory withdraws its own pending bid; staff with `jiedan.delete` delete any bid they can
   * see, except an accepted one on an order already split by it (422). Deleting clears the live/accepted keys, so
   * the factory may bid again and the order may accept another bid.
   */
  async remove(p: Principal, id: number): Promise<{ message: string }> {
    const factoryId = biddingFactoryOf(p);
    const staffScope = p.userType === 'staff' && p.permissions.has('jiedan.delete') ? scopeFor(p) : null;
    if (factoryId === null && staffScope === null) throw new AppError('FORBIDDEN', '无权删除接单记录');
    const head = await this.d.bids.findById(id, factoryId === null ? {} : { factoryId });
    if (!head || (staffScope && !(await this.d.orders.visible(head.orderId, staffScope)))) {
      throw new AppError('JIEDAN_NOT_FOUND');
    }
    const s = this.stamp(p);
    await this.d.db.transaction(async (t) => {
      const order = await this.d.orders.facts(head.orderId, staffScope, staffScope ? 'update' : 'share', t);
      const bid = order ? await this.d.bids.findById(id, { lock: true }, t) : null;
      if (!order || !bid) throw new AppError('JIEDAN_NOT_FOUND');
      if (factoryId !== null && bid.status !== 'pending') throw notPending(bid.status, '撤回');
      if (bid.status === 'accepted' && order.split) {
        throw new AppError('JIEDAN_NOT_DELETABLE', '订单已拆单，已同意的接单记录不能删除');
      }
      if (!(await this.d.bids.softDelete(id, factoryId !== null, s, t))) throw changedMeanwhile();
      const who = factoryId !== null ? '工厂撤回接单' : '删除接单记录';
      await this.event(bid, 'bid_deleted', `${who}（工厂 ${bid.factoryId}，${bid.status}）`, s, t, {
        status: bid.status,
      });
    });
    return { message: DELETED_MESSAGE };
  }

  private stamp(p: Principal): Stamp {
    return { by: p.userId, now: this.d.clock.now() };
  }

  private event(
    bid: JiedanRecord,
    type: OrderEventType,
    note: string,
    s: Stamp,
    t: Transaction,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    return this.d.timeline.record(
      {
        orderId: bid.orderId,
        eventType: type,
        note,
        data: { jiedanId: bid.id, factoryId: bid.factoryId, price: bid.price, ...extra },
        actorId: s.by,
        createdAt: s.now,
      },
      t,
    );
  }
}
