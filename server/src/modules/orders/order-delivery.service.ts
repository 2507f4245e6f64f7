import type { DeliveryRequest, LogisticsInput } from '@app/shared';
import { AppError } from '../../http/app-error';
import { COMPANY_NAMES, type LogisticsClient } from '../../integrations/logistics/logistics.client';
import type { DomainEvents } from '../../platform/domain-events';
import { formatMoney } from '../../platform/money';
import type { Principal } from '../access/principal';
import { OrderDeliveryRepository } from './order-delivery.repository';
import { OrderLogisticsService, type OrderLogisticsDeps } from './order-logistics.service';
import { assertTransition } from './order-status';
import type { OrderChange, OrderWorkflow } from './order-workflow';

/** A receipt recorded by hand; the route's schema trims the texts and checks the time's form. */
export interface ManualSign {
  signedBy?: string;
  note?: string;
  signedAt?: string;
}

const signedAtProblem = (message: string) =>
  new AppError('VALIDATION_ERROR', `请求参数错误：signedAt ${message}`, [{ field: 'signedAt', message }]);

/**
 * 002 §5: asking for delivery once every line is in stock (PENDING_DELIVERY → PENDING_SHIPMENT) and confirming
 * the shipment with its courier and number (→ SHIPPED, lines IN_STOCK → SHIPPED), then subscribing to the
 * courier's pushes outside the transaction; and recording the receipt by hand when no courier reports it.
 */
export class OrderDeliveryService {
  constructor(
    private readonly flow: OrderWorkflow,
    private readonly lookup: OrderDeliveryRepository,
    private readonly logistics: OrderLogisticsService,
    private readonly events: DomainEvents | null = null,
  ) {}

  /** 5.1. */
  async request(principal: Principal, id: number, input: DeliveryRequest) {
    return this.flow.run(principal, id, async (c) => {
      assertTransition('request_delivery', c.order.status);
      await this.assertReadyToShip(c);
      const scheduledDate = input.scheduledDate ?? c.order.scheduledDate;
      await this.flow.transition(
        c,
        'request_delivery',
        { deliveryAddress: input.deliveryAddress, scheduledDate },
        { type: 'delivery_requested', note: input.deliveryAddress, data: { scheduledDate } },
      );
      return {
        id: c.order.id,
        status: c.order.status,
        deliveryAddress: input.deliveryAddress,
        scheduledDate,
        updatedAt: c.now.toISOString(),
      };
    });
  }

  /** 5.2: the answer waits for the subscription (bounded by the courier API's timeout), never for its success. */
  async confirm(principal: Principal, id: number, input: LogisticsInput) {
    const shipped = await this.flow.run(principal, id, async (c) => {
      assertTransition('confirm_delivery', c.order.status);
      await this.assertReadyToShip(c);
      const shippingFee = input.shippingFee ?? c.order.shippingFee;
      await this.flow.transition(
        c,
        'confirm_delivery',
        {
          logisticsCompany: input.logisticsCompany,
          trackingNumber: input.trackingNumber,
          shippingFee,
          shippedAt: c.now,
        },
        {
          type: 'shipped',
          note: `${COMPANY_NAMES[input.logisticsCompany]} ${input.trackingNumber}`,
          data: { logisticsCompany: input.logisticsCompany, trackingNumber: input.trackingNumber },
        },
      );
      await this.flow.d.items.advanceDelivery(
        c.order.id,
        ['IN_STOCK'],
        { deliveryStatus: 'SHIPPED', shippedAt: c.now },
        c.t,
      );
      return {
        answer: {
          id: c.order.id,
          status: c.order.status,
          logisticsCompany: input.logisticsCompany,
          trackingNumber: input.trackingNumber,
          shippingFee: shippingFee === null ? null : formatMoney(shippingFee),
          shippedAt: c.now.toISOString(),
          updatedAt: c.now.toISOString(),
        },
        phone: c.order.customerPhone,
        orderNo: c.order.orderNo,
        customerId: c.order.customerId,
      };
    });
    this.events?.emit('order.shipped', {
      orderId: id,
      orderNo: shipped.orderNo,
      customerId: shipped.customerId,
      logisticsCompany: input.logisticsCompany,
      trackingNumber: input.trackingNumber,
      at: new Date(shipped.answer.shippedAt),
    });
    await this.logistics.subscribeAfterCommit({
      orderId: id,
      company: input.logisticsCompany,
      trackingNumber: input.trackingNumber,
      phone: shipped.phone,
    });
    return shipped.answer;
  }

  /**
   * A receipt recorded by hand (self pickup, or a parcel Kuaidi100 does not follow): SHIPPED → DELIVERED along the
   * courier's path. A person asks, so a locked order refuses it; `signedAt` (default now) lies between shipping
   * and now.
   */
  async sign(principal: Principal, id: number, input: ManualSign) {
    return this.flow.run(principal, id, async (c) => {
      assertTransition('sign', c.order.status);
      const at = input.signedAt ? new Date(input.signedAt) : c.now;
      if (at > c.now) throw signedAtProblem('签收时间不能晚于当前时间');
      if (c.order.shippedAt && at < c.order.shippedAt) throw signedAtProblem('签收时间不能早于发货时间');
      const signedBy = input.signedBy || null;
      await this.logistics.deliver(c, at, {
        note: input.note || (signedBy ? `${signedBy} 已签收` : '已手动确认签收'),
        data: { manual: true, signedBy },
      });
      return {
        id: c.order.id,
        status: c.order.status,
        deliveredAt: at.toISOString(),
        updatedAt: c.now.toISOString(),
      };
    });
  }

  /** No pending cancel request, and every current line in stock (details list the others, 002 §5.1). */
  private async assertReadyToShip(c: OrderChange): Promise<void> {
    if (await this.lookup.hasPendingCancel(c.order.id, c.t)) throw new AppError('CANCEL_APPROVAL_REQUIRED');
    const items = await this.flow.d.items.listFor(c.order.id, c.t);
    if (items.length === 0) throw new AppError('ORDER_INVALID_STATUS', '订单没有可发货的商品');
    const missing = items.filter((i) => i.deliveryStatus !== 'IN_STOCK');
    if (missing.length > 0) {
      throw new AppError(
        'ITEMS_NOT_IN_STOCK',
        undefined,
        missing.map((i) => ({ itemId: i.id, productName: i.productName, deliveryStatus: i.deliveryStatus })),
      );
    }
  }
}

/** The delivery area as the orders module wires it: one courier client, the two services that share it. */
export function buildDeliveryServices(
  flow: OrderWorkflow,
  client: LogisticsClient,
  log: OrderLogisticsDeps['log'],
  events: DomainEvents | null = null,
): [OrderDeliveryService, OrderLogisticsService] {
  const lookup = new OrderDeliveryRepository();
  const logistics = new OrderLogisticsService({ flow, lookup, client, log, events });
  return [new OrderDeliveryService(flow, lookup, logistics, events), logistics];
}
