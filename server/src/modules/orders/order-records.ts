import type { DeliveryStatus, OrderStatus } from '@app/shared';
import type { OrderItemModel, OrderModel } from '../../db/models';

/** An order row as services see it: ids are numbers, money stays a decimal string. */
export interface OrderRecord {
  id: number;
  orderNo: string;
  quoteId: number;
  customerId: number;
  customerName: string;
  customerPhone: string | null;
  salesId: number | null;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  settlementType: string;
  totalAmount: string;
  paidAmount: string;
  paymentAmount: string | null;
  paymentMethod: string | null;
  paymentTime: Date | null;
  paymentProofImg: string | null;
  confirmationImg: string | null;
  deliveryAddress: string | null;
  scheduledDate: string | null;
  customerPoNo: string | null;
  remark: string | null;
  isLocked: boolean;
  lockedBy: number | null;
  lockedAt: Date | null;
  lockReason: string | null;
  haltedReason: string | null;
  haltType: string | null;
  haltedAt: Date | null;
  haltUntil: Date | null;
  cancelReason: string | null;
  cancelType: string | null;
  cancelledBy: number | null;
  cancelledAt: Date | null;
  logisticsCompany: string | null;
  trackingNumber: string | null;
  shippingFee: string | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  completedAt: Date | null;
  closedAt: Date | null;
  snapshotData: string;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderItemRecord {
  id: number;
  orderId: number;
  quotationItemId: number | null;
  productId: number | null;
  productCode: string | null;
  productName: string;
  category: string | null;
  roomName: string | null;
  unit: string | null;
  unitPrice: string;
  quantity: string;
  width: string | null;
  height: string | null;
  subtotal: string;
  supplierId: number | null;
  purchaseOrderId: number | null;
  deliveryStatus: DeliveryStatus;
  inStockAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  sortOrder: number;
}

/** The columns the order list shows: read raw (no model instances), the list's hot path. */
export const SUMMARY_COLUMNS = [
  'id',
  'orderNo',
  'customerId',
  'customerName',
  'customerPhone',
  'totalAmount',
  'paidAmount',
  'status',
  'settlementType',
  'isLocked',
  'salesId',
  'customerPoNo',
  'createdAt',
] as const;
export type OrderSummaryRecord = Pick<OrderRecord, (typeof SUMMARY_COLUMNS)[number]>;

/** A DATETIME as either driver returns it raw: a Date (mysql2) or `2026-01-16 02:00:00.000 +00:00` (SQLite). */
export function asDate(v: Date | string): Date {
  if (v instanceof Date) return v;
  return new Date(v.replace(' ', 'T').replace(/ ?([+-]\d{2}:\d{2})$/, '$1'));
}

export function toOrderSummaryRecord(r: Record<(typeof SUMMARY_COLUMNS)[number], unknown>): OrderSummaryRecord {
  return {
    id: Number(r.id),
    orderNo: String(r.orderNo),
    customerId: Number(r.customerId),
    customerName: String(r.customerName),
    customerPhone: r.customerPhone === null ? null : String(r.customerPhone),
    totalAmount: String(r.totalAmount),
    paidAmount: String(r.paidAmount),
    status: r.status as OrderStatus,
    settlementType: String(r.settlementType),
    isLocked: Boolean(Number(r.isLocked)),
    salesId: idOrNull(r.salesId as number | null),
    customerPoNo: r.customerPoNo === null ? null : String(r.customerPoNo),
    createdAt: asDate(r.createdAt as Date | string),
  };
}

export const idOrNull = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

/** DECIMAL columns arrive as strings (MySQL) or numbers (SQLite); keep them strings. */
export const decimalOrNull = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/** DATEONLY arrives as `YYYY-MM-DD` (or a Date from some drivers). */
export const dayOrNull = (v: string | Date | null | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);

export function toOrderRecord(m: OrderModel): OrderRecord {
  const r = m.get({ plain: true });
  return {
    ...r,
    id: Number(r.id),
    quoteId: Number(r.quoteId),
    customerId: Number(r.customerId),
    salesId: idOrNull(r.salesId),
    status: r.status as OrderStatus,
    previousStatus: (r.previousStatus as OrderStatus | null) ?? null,
    totalAmount: String(r.totalAmount),
    paidAmount: String(r.paidAmount),
    paymentAmount: decimalOrNull(r.paymentAmount),
    shippingFee: decimalOrNull(r.shippingFee),
    scheduledDate: dayOrNull(r.scheduledDate),
    isLocked: Boolean(r.isLocked),
    lockedBy: idOrNull(r.lockedBy),
    cancelledBy: idOrNull(r.cancelledBy),
    createdBy: idOrNull(r.createdBy),
    updatedBy: idOrNull(r.updatedBy),
  };
}

export function toOrderItemRecord(m: OrderItemModel): OrderItemRecord {
  const r = m.get({ plain: true });
  return {
    id: Number(r.id),
    orderId: Number(r.orderId),
    quotationItemId: idOrNull(r.quotationItemId),
    productId: idOrNull(r.productId),
    productCode: r.productCode,
    productName: r.productName,
    category: r.category,
    roomName: r.roomName,
    unit: r.unit,
    unitPrice: String(r.unitPrice),
    quantity: String(r.quantity),
    width: decimalOrNull(r.width),
    height: decimalOrNull(r.height),
    subtotal: String(r.subtotal),
    supplierId: idOrNull(r.supplierId),
    purchaseOrderId: idOrNull(r.purchaseOrderId),
    deliveryStatus: r.deliveryStatus as DeliveryStatus,
    inStockAt: r.inStockAt ?? null,
    shippedAt: r.shippedAt ?? null,
    deliveredAt: r.deliveredAt ?? null,
    sortOrder: Number(r.sortOrder),
  };
}
