import type { LogisticsInput, LogisticsTrack, OrderStatus } from '@app/shared';
import { AppError } from '../../http/app-error';
import {
  COMPANY_NAMES,
  isCourier,
  type LogisticsClient,
  type LogisticsPush,
  type PushForm,
  type TrackEvent,
} from '../../integrations/logistics/logistics.client';
import type { DomainEvents } from '../../platform/domain-events';
import type { Logger } from '../../platform/logger';
import { formatMoney } from '../../platform/money';
import { scopeFor, type Principal } from '../access/principal';
import type { OrderDeliveryRepository } from './order-delivery.repository';
import type { OrderRecord } from './order-records';
import type { OrderChange, OrderWorkflow, RunOptions } from './order-workflow';

export interface OrderLogisticsDeps {
  flow: OrderWorkflow;
  lookup: OrderDeliveryRepository;
  client: LogisticsClient;
  log: Pick<Logger, 'warn' | 'error'>;
  /** order.delivered goes out here once the delivering transaction committed. */
  events?: DomainEvents | null;
}

/** A parcel that has just been handed to a courier (or got a new number). */
export interface Parcel {
  orderId: number;
  company: string;
  trackingNumber: string;
  phone: string | null;
}

const EDITABLE: readonly OrderStatus[] = ['PENDING_SHIPMENT', 'SHIPPED'];
const SELF_PICKUP_STEPS: Readonly<Record<string, { status: string; description: string }>> = {
  shipped: { status: '待自提', description: '货物已备好，等待客户自提' },
  signed: { status: '已自提', description: '客户已提货' },
};

const NAMES: Readonly<Record<string, string>> = COMPANY_NAMES;
const companyName = (code: string | null) => (code === null ? null : (NAMES[code] ?? code));
const money = (v: string | null) => (v === null ? null : formatMoney(v));

/** What identifies one pushed step, so the same push twice is recorded once. */
const fingerprint = (p: LogisticsPush, latest: TrackEvent | undefined) => ({
  trackingNumber: p.trackingNumber,
  state: p.state,
  pushStatus: p.pushStatus,
  time: latest?.time ?? null,
  description: latest?.description ?? p.message,
});

/**
 * 002 §6: logistics details of an order, its courier track (Kuaidi100) and the courier's pushes. A parcel the
 * courier reports signed moves a SHIPPED order to DELIVERED, with its shipped lines, whether it was seen by a
 * push or by a query; the courier's word applies to a locked order too.
 */
export class OrderLogisticsService {
  constructor(private readonly d: OrderLogisticsDeps) {}

  /** 6.1: company, number and fee while the order waits for or is on its way; a new number is subscribed again. */
  async update(principal: Principal, id: number, input: LogisticsInput) {
    const done = await this.d.flow.run(principal, id, async (c) => {
      if (!EDITABLE.includes(c.order.status)) {
        throw new AppError(
          'ORDER_INVALID_STATUS',
          `订单状态为 ${c.order.status}，仅待发货或已发货的订单可修改物流信息`,
          {
            status: c.order.status,
            allowed: EDITABLE,
          },
        );
      }
      const before = this.logisticsOf(c.order);
      const patch = {
        logisticsCompany: input.logisticsCompany,
        trackingNumber: input.trackingNumber,
        shippingFee: input.shippingFee ?? c.order.shippingFee,
      };
      await this.d.flow.update(c, patch);
      const after = this.logisticsOf(c.order);
      const note = `${companyName(after.logisticsCompany)} ${after.trackingNumber}`;
      await this.d.flow.record(c, 'logistics_updated', note, { before, after });
      const moved =
        before.trackingNumber !== after.trackingNumber || before.logisticsCompany !== after.logisticsCompany;
      return {
        answer: { id: c.order.id, ...after, updatedAt: c.now.toISOString() },
        resubscribe: moved && c.order.status === 'SHIPPED',
        phone: c.order.customerPhone,
      };
    });
    if (done.resubscribe) {
      await this.subscribeAfterCommit({
        orderId: id,
        company: input.logisticsCompany,
        trackingNumber: input.trackingNumber,
        phone: done.phone,
      });
    }
    return done.answer;
  }

  /** 6.2: the courier's track (or the order's own steps for self pickup); a signed parcel delivers the order. */
  async track(principal: Principal, id: number): Promise<LogisticsTrack> {
    const order = await this.d.flow.mustFind(id, scopeFor(principal));
    if (!order.trackingNumber || !order.logisticsCompany) throw new AppError('ORDER_INVALID_STATUS', '订单尚未发货');
    const base = {
      trackingNumber: order.trackingNumber,
      company: order.logisticsCompany,
      companyName: companyName(order.logisticsCompany) ?? order.logisticsCompany,
    };
    if (!isCourier(order.logisticsCompany)) return { ...base, ...(await this.selfPickupTrack(order)) };
    const trace = await this.d.client.track(order.logisticsCompany, order.trackingNumber, order.customerPhone);
    if (trace.signed && order.status === 'SHIPPED') {
      await this.courierSigned(order.id, order.trackingNumber, trace.signedAt, 'track');
    }
    return { ...base, status: trace.stateText, timeline: trace.events, estimatedDelivery: trace.estimatedDelivery };
  }

  /** A Kuaidi100 push: verified (else refused, nothing changes), recorded once per step, signed → DELIVERED. */
  async acceptPush(form: PushForm): Promise<{ orderIds: number[] }> {
    const push = this.d.client.verifyPush(form);
    const orders = await this.d.flow.d.orders.findByTrackingNumber(push.trackingNumber);
    const matching = orders.filter(
      (o) => isCourier(o.logisticsCompany) && (push.company === null || push.company === o.logisticsCompany),
    );
    for (const order of matching) await this.retryOnce(() => this.applyPush(order.id, push));
    return { orderIds: matching.map((o) => o.id) };
  }

  /**
   * After the shipping transaction committed: asks the courier API to push updates. A failure does not undo the
   * shipment; it is logged and written to the order's timeline so staff know updates will not come by themselves.
   */
  async subscribeAfterCommit(parcel: Parcel): Promise<void> {
    if (!isCourier(parcel.company)) return;
    const { company, trackingNumber } = parcel;
    try {
      await this.d.client.subscribe(company, trackingNumber, parcel.phone);
    } catch (err) {
      const message = err instanceof AppError ? err.message : '物流推送订阅失败';
      this.d.log.warn({ err, orderId: parcel.orderId, company, trackingNumber }, 'logistics subscription failed');
      await this.d.flow
        .runAsSystem(parcel.orderId, (c) =>
          this.d.flow.record(c, 'logistics_subscribe_failed', message, { company, trackingNumber }),
        )
        .catch((recordErr: unknown) =>
          this.d.log.error({ err: recordErr, orderId: parcel.orderId }, 'logistics subscription failure not recorded'),
        );
    }
  }

  private async applyPush(orderId: number, push: LogisticsPush): Promise<void> {
    await this.d.flow.runAsSystem(orderId, async (c) => {
      if (c.order.trackingNumber !== push.trackingNumber) return;
      const latest = push.events.at(-1);
      const step = fingerprint(push, latest);
      const last = await this.d.lookup.latestEventData(orderId, 'logistics_event', c.t);
      const seen = last !== null && Object.entries(step).every(([k, v]) => last[k] === v);
      if (!seen) {
        const note = `${push.stateText}${step.description ? `：${step.description}` : ''}`;
        await this.d.flow.record(c, 'logistics_event', note, {
          ...step,
          company: c.order.logisticsCompany,
          stateText: push.stateText,
          location: latest?.location ?? null,
        });
      }
      if (push.signed && c.order.status === 'SHIPPED') await this.sign(c, push.signedAt, 'kuaidi100_push');
    });
  }

  private async courierSigned(orderId: number, trackingNumber: string, signedAt: Date | null, source: string) {
    await this.retryOnce(() =>
      this.d.flow.runAsSystem(orderId, async (c) => {
        if (c.order.status === 'SHIPPED' && c.order.trackingNumber === trackingNumber) {
          await this.sign(c, signedAt, source);
        }
      }),
    );
  }

  /** The courier's word: `deliveredAt` is its sign time when plausible (not before shipping, not ahead of now). */
  private async sign(c: OrderChange, signedAt: Date | null, source: string): Promise<void> {
    const earliest = c.order.shippedAt?.getTime() ?? 0;
    const at = signedAt && signedAt.getTime() >= earliest && signedAt <= c.now ? signedAt : c.now;
    await this.deliver(
      c,
      at,
      { note: '快递已签收', data: { source, trackingNumber: c.order.trackingNumber } },
      { allowLocked: true },
    );
  }

  /**
   * SHIPPED → DELIVERED with the shipped lines (SHIPPED → DELIVERED), both delivered at `at`, and a 'signed'
   * timeline event: the one path for the courier's pushes and queries and for a receipt recorded by hand.
   */
  async deliver(
    c: OrderChange,
    at: Date,
    event: { note: string; data: Record<string, unknown> },
    options: RunOptions = {},
  ): Promise<void> {
    await this.d.flow.transition(c, 'sign', { deliveredAt: at }, { type: 'signed', ...event }, options);
    await this.d.flow.d.items.advanceDelivery(
      c.order.id,
      ['SHIPPED'],
      { deliveryStatus: 'DELIVERED', deliveredAt: at },
      c.t,
    );
    const { id: orderId, orderNo, customerId } = c.order;
    c.t.afterCommit(() => this.d.events?.emit('order.delivered', { orderId, orderNo, customerId, at }));
  }

  /** A concurrent change (another push, a query) makes the conditional UPDATE lose once; the retry sees it done. */
  private async retryOnce(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'ORDER_INVALID_STATUS') throw err;
      await fn();
    }
  }

  private async selfPickupTrack(
    order: OrderRecord,
  ): Promise<Omit<LogisticsTrack, 'trackingNumber' | 'company' | 'companyName'>> {
    const events = await this.d.flow.d.events.listFor(order.id);
    const timeline = events
      .filter((e) => SELF_PICKUP_STEPS[e.eventType] !== undefined)
      .map((e) => ({ time: e.createdAt.toISOString(), location: null, ...SELF_PICKUP_STEPS[e.eventType] }));
    const picked = order.status === 'DELIVERED' || order.status === 'COMPLETED';
    return { status: picked ? '已自提' : '待自提', timeline, estimatedDelivery: null };
  }

  private logisticsOf(o: OrderRecord) {
    return {
      logisticsCompany: o.logisticsCompany,
      trackingNumber: o.trackingNumber,
      shippingFee: money(o.shippingFee),
    };
  }
}
