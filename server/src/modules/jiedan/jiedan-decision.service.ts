import type { Transaction } from 'sequelize';
import type { Jiedan } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { Principal } from '../access/principal';
import { mustBeApprover } from './jiedan-access';
import type { JiedanDeps } from './jiedan-deps';
import { toJiedanDto } from './jiedan.mapper';
import { closedReason, type BidOrderFacts, type JiedanRecord } from './jiedan-records';
import { AcceptedBidExistsError, type Stamp } from './jiedan.repository';

/** What an acceptance writes as the reason on the other pending bids of the order. */
export const OTHER_FACTORY_CHOSEN = '已选择其他工厂';

const STATUS_LABEL: Record<string, string> = { pending: '待处理', accepted: '已同意', rejected: '已拒绝' };

export const notPending = (status: string, action: string) =>
  new AppError('JIEDAN_NOT_PENDING', `只能对待处理的接单进行${action}操作（当前为${STATUS_LABEL[status] ?? status}）`, {
    status,
  });

export const changedMeanwhile = () => new AppError('JIEDAN_NOT_PENDING', '接单状态已被他人修改，请刷新后重试');

export const notOpen = (reason: string) =>
  new AppError('ORDER_NOT_OPEN_FOR_BIDS', `该订单当前不接受接单：${reason}`, { reason });

/**
 * 001 §5 同意 / §6 拒绝 (and §7 status changes). Staff with `jiedan.approve` who can see the order decide a pending
 * bid. One transaction that first locks the order row, so two decisions on one order run one after the other: the
 * second finds its bid no longer pending (or the order taken) and answers 422.
 */
export class JiedanDecisionService {
  constructor(private readonly d: JiedanDeps) {}

  accept(p: Principal, id: number): Promise<Jiedan> {
    return this.decide(p, id, 'accepted', null);
  }

  reject(p: Principal, id: number, reason: string | null): Promise<Jiedan> {
    return this.decide(p, id, 'rejected', reason);
  }

  async decide(p: Principal, id: number, to: 'accepted' | 'rejected', reason: string | null): Promise<Jiedan> {
    const scope = mustBeApprover(p);
    const head = await this.d.bids.findById(id);
    if (!head || !(await this.d.orders.visible(head.orderId, scope))) throw new AppError('JIEDAN_NOT_FOUND');
    const s: Stamp = { by: p.userId, now: this.d.clock.now() };
    const decided = await this.d.db.transaction(async (t) => {
      const order = await this.d.orders.facts(head.orderId, scope, 'update', t);
      const bid = order ? await this.d.bids.findById(id, { lock: true }, t) : null;
      if (!order || !bid) throw new AppError('JIEDAN_NOT_FOUND');
      if (bid.status !== 'pending') throw notPending(bid.status, to === 'accepted' ? '同意' : '拒绝');
      if (to === 'accepted') await this.acceptIn(order, bid, s, t);
      else await this.rejectIn(order, bid, reason, s, t);
      return this.d.bids.findById(id, {}, t);
    });
    if (!decided) throw new AppError('JIEDAN_NOT_FOUND');
    return toJiedanDto(decided);
  }

  /** The bid becomes accepted, every other pending bid on the order rejected, and the timeline says so. */
  private async acceptIn(order: BidOrderFacts, bid: JiedanRecord, s: Stamp, t: Transaction): Promise<void> {
    const closed = closedReason(order);
    if (closed) throw notOpen(closed);
    const applied = await this.d.bids.accept(bid, s, t).catch((err: unknown) => {
      if (err instanceof AcceptedBidExistsError) throw notOpen('订单已选定接单工厂');
      throw err;
    });
    if (!applied) throw changedMeanwhile();
    const others = await this.d.bids.otherPendingIds(order.id, bid.id, t);
    const rejected = await this.d.bids.reject(others, OTHER_FACTORY_CHOSEN, s, t);
    const factory = await this.d.factories.findById(bid.factoryId, { kind: 'all' }, t);
    await this.d.timeline.record(
      {
        orderId: order.id,
        eventType: 'bid_accepted',
        note:
          `同意 ${factory?.name ?? `工厂 ${bid.factoryId}`} 的接单（报价 ${bid.price}）` +
          (rejected.length > 0 ? `，其余 ${rejected.length} 个接单已拒绝` : ''),
        data: { jiedanId: bid.id, factoryId: bid.factoryId, price: bid.price, rejectedJiedanIds: rejected },
        actorId: s.by,
        createdAt: s.now,
      },
      t,
    );
  }

  private async rejectIn(
    order: BidOrderFacts,
    bid: JiedanRecord,
    reason: string | null,
    s: Stamp,
    t: Transaction,
  ): Promise<void> {
    const changed = await this.d.bids.reject([bid.id], reason, s, t);
    if (changed.length !== 1) throw changedMeanwhile();
    await this.d.timeline.record(
      {
        orderId: order.id,
        eventType: 'bid_rejected',
        note: `拒绝工厂 ${bid.factoryId} 的接单${reason ? `：${reason}` : ''}`,
        data: { jiedanId: bid.id, factoryId: bid.factoryId, price: bid.price, reason },
        actorId: s.by,
        createdAt: s.now,
      },
      t,
    );
  }
}
