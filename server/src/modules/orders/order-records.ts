import type { DeliveryStatus, OrderStatus } from '@app/shared';
import type { RawRow } from '../../db/database';
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

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : asDate(v as Date | string));
const bool = (v: unknown): boolean => v === true || Number(v) === 1;

/** An order row, from a model instance's plain values or a raw query (the detail's hot path). */
export function orderFromRow(r: RawRow): OrderRecord {
  return {
    id: Number(r.id),
    orderNo: str(r.orderNo),
    quoteId: Number(r.quoteId),
    customerId: Number(r.customerId),
    customerName: str(r.customerName),
    customerPhone: strOrNull(r.customerPhone),
    salesId: idOrNull(r.salesId as number | null),
    status: r.status as OrderStatus,
    previousStatus: (r.previousStatus as OrderStatus | null) ?? null,
    settlementType: str(r.settlementType),
    totalAmount: str(r.totalAmount),
    paidAmount: str(r.paidAmount),
    paymentAmount: decimalOrNull(r.paymentAmount as string | number | null),
    paymentMethod: strOrNull(r.paymentMethod),
    paymentTime: dateOrNull(r.paymentTime),
    paymentProofImg: strOrNull(r.paymentProofImg),
    confirmationImg: strOrNull(r.confirmationImg),
    deliveryAddress: strOrNull(r.deliveryAddress),
    scheduledDate: dayOrNull(r.scheduledDate as string | Date | null),
    customerPoNo: strOrNull(r.customerPoNo),
    remark: strOrNull(r.remark),
    isLocked: bool(r.isLocked),
    lockedBy: idOrNull(r.lockedBy as number | null),
    lockedAt: dateOrNull(r.lockedAt),
    lockReason: strOrNull(r.lockReason),
    haltedReason: strOrNull(r.haltedReason),
    haltType: strOrNull(r.haltType),
    haltedAt: dateOrNull(r.haltedAt),
    haltUntil: dateOrNull(r.haltUntil),
    cancelReason: strOrNull(r.cancelReason),
    cancelType: strOrNull(r.cancelType),
    cancelledBy: idOrNull(r.cancelledBy as number | null),
    cancelledAt: dateOrNull(r.cancelledAt),
    logisticsCompany: strOrNull(r.logisticsCompany),
    trackingNumber: strOrNull(r.trackingNumber),
    shippingFee: decimalOrNull(r.shippingFee as string | number | null),
    shippedAt: dateOrNull(r.shippedAt),
    deliveredAt: dateOrNull(r.deliveredAt),
    completedAt: dateOrNull(r.completedAt),
    closedAt: dateOrNull(r.closedAt),
    snapshotData: str(r.snapshotData),
    createdBy: idOrNull(r.createdBy as number | null),
    updatedBy: idOrNull(r.updatedBy as number | null),
    createdAt: asDate(r.createdAt as Date | string),
    updatedAt: asDate(r.updatedAt as Date | string),
  };
}

export function toOrderRecord(m: OrderModel): OrderRecord {
  return orderFromRow(m.get({ plain: true }));
}

/** An order line, from a model instance's plain values or a raw query. */
export function itemFromRow(r: RawRow): OrderItemRecord {
  return {
    id: Number(r.id),
    orderId: Number(r.orderId),
    quotationItemId: idOrNull(r.quotationItemId as number | null),
    productId: idOrNull(r.productId as number | null),
    productCode: strOrNull(r.productCode),
    productName: str(r.productName),
    category: strOrNull(r.category),
    roomName: strOrNull(r.roomName),
    unit: strOrNull(r.unit),
    unitPrice: str(r.unitPrice),
    quantity: str(r.quantity),
    width: decimalOrNull(r.width as string | number | null),
    height: decimalOrNull(r.height as string | number | null),
    subtotal: str(r.subtotal),
    supplierId: idOrNull(r.supplierId as number | null),
    purchaseOrderId: idOrNull(r.purchaseOrderId as number | null),
    deliveryStatus: r.deliveryStatus as DeliveryStatus,
    inStockAt: dateOrNull(r.inStockAt),
    shippedAt: dateOrNull(r.shippedAt),
    deliveredAt: dateOrNull(r.deliveredAt),
    sortOrder: Number(r.sortOrder),
  };
}

export function toOrderItemRecord(m: OrderItemModel): OrderItemRecord {
  return itemFromRow(m.get({ plain: true }));
}
