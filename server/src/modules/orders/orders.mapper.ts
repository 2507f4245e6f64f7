import type { OrderDetail, OrderEventDto, OrderItem, OrderSummary } from '@app/shared';
import { formatMoney, fromCents, toCents } from '../../platform/money';
import type { OrderEventRecord } from './order-events.repository';
import type { OrderItemRecord, OrderRecord, OrderSummaryRecord } from './order-records';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const num = (v: string | null) => (v === null ? null : Number(v));

/** 138****8000: the list shows a phone masked; the detail shows it whole. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\s/g, '');
  if (digits.length < 7) return digits;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function toOrderSummaryDto(o: OrderSummaryRecord, salesName: string | null): OrderSummary {
  return {
    id: o.id,
    orderNo: o.orderNo,
    customerId: o.customerId,
    customerName: o.customerName,
    customerPhone: maskPhone(o.customerPhone),
    totalAmount: formatMoney(o.totalAmount),
    paidAmount: formatMoney(o.paidAmount),
    status: o.status,
    settlementType: o.settlementType,
    isLocked: o.isLocked,
    salesId: o.salesId,
    salesName,
    customerPoNo: o.customerPoNo,
    createdAt: o.createdAt.toISOString(),
  };
}

export function toOrderItemDto(i: OrderItemRecord): OrderItem {
  return {
    id: i.id,
    productId: i.productId,
    productCode: i.productCode,
    roomName: i.roomName,
    productName: i.productName,
    category: i.category,
    unit: i.unit,
    unitPrice: formatMoney(i.unitPrice),
    quantity: Number(i.quantity),
    width: num(i.width),
    height: num(i.height),
    subtotal: formatMoney(i.subtotal),
    supplierId: i.supplierId,
    purchaseOrderId: i.purchaseOrderId,
    deliveryStatus: i.deliveryStatus,
    inStockAt: iso(i.inStockAt),
    shippedAt: iso(i.shippedAt),
    deliveredAt: iso(i.deliveredAt),
  };
}

const IN_STOCK_OR_LATER = new Set(['IN_STOCK', 'SHIPPED', 'DELIVERED']);

/** Lines in stock / shipped / delivered, and the delivered share of the order's value (two decimals). */
export function deliveryProgressOf(items: OrderItemRecord[]): OrderDetail['deliveryProgress'] {
  const total = items.reduce((a, i) => a + toCents(i.subtotal), 0n);
  const delivered = items.filter((i) => i.deliveryStatus === 'DELIVERED');
  const deliveredCents = delivered.reduce((a, i) => a + toCents(i.subtotal), 0n);
  const share =
    total === 0n
      ? items.length > 0 && delivered.length === items.length
        ? 100n
        : 0n
      : (deliveredCents * 100n) / total;
  return {
    totalLines: items.length,
    inStockLines: items.filter((i) => IN_STOCK_OR_LATER.has(i.deliveryStatus)).length,
    shippedLines: items.filter((i) => i.deliveryStatus === 'SHIPPED' || i.deliveryStatus === 'DELIVERED').length,
    deliveredLines: delivered.length,
    deliveredShare: fromCents(share),
  };
}

function parseSnapshot(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toOrderDetailDto(o: OrderRecord, items: OrderItemRecord[], salesName: string | null): OrderDetail {
  return {
    ...toOrderSummaryDto(o, salesName),
    customerPhone: o.customerPhone,
    quoteId: o.quoteId,
    quoteVersionId: o.quoteId,
    leadId: o.customerId,
    deliveryAddress: o.deliveryAddress,
    scheduledDate: o.scheduledDate,
    previousStatus: o.previousStatus,
    confirmationImg: o.confirmationImg,
    paymentProofImg: o.paymentProofImg,
    paymentAmount: o.paymentAmount === null ? null : formatMoney(o.paymentAmount),
    paymentMethod: o.paymentMethod,
    paymentTime: iso(o.paymentTime),
    remark: o.remark,
    lockedBy: o.lockedBy,
    lockedAt: iso(o.lockedAt),
    lockReason: o.lockReason,
    haltedReason: o.haltedReason,
    haltType: o.haltType,
    haltedAt: iso(o.haltedAt),
    haltUntil: iso(o.haltUntil),
    cancelReason: o.cancelReason,
    cancelledBy: o.cancelledBy,
    cancelledAt: iso(o.cancelledAt),
    logisticsCompany: o.logisticsCompany,
    trackingNumber: o.trackingNumber,
    shippingFee: o.shippingFee === null ? null : formatMoney(o.shippingFee),
    shippedAt: iso(o.shippedAt),
    deliveredAt: iso(o.deliveredAt),
    snapshotData: parseSnapshot(o.snapshotData),
    items: items.map(toOrderItemDto),
    deliveryProgress: deliveryProgressOf(items),
    updatedAt: o.updatedAt.toISOString(),
    completedAt: iso(o.completedAt),
    closedAt: iso(o.closedAt),
  };
}

export function toOrderEventDto(e: OrderEventRecord, actorName: string | null): OrderEventDto {
  return {
    id: e.id,
    type: e.eventType,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    note: e.note,
    data: e.data,
    actorId: e.actorId,
    actorName,
    createdAt: e.createdAt.toISOString(),
  };
}
