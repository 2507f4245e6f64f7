import type { QuotationRejectReason, QuotationStatus } from '@app/shared';

/** A quotation row as the service sees it. Money is a DECIMAL value (string, or number from SQLite). */
export interface QuotationRecord {
  id: number;
  quotationNo: string;
  baseNo: string;
  version: number;
  quotationTitle: string;
  customerId: number;
  customerContactId: number | null;
  ownerId: number | null;
  status: QuotationStatus;
  validFrom: string;
  validUntil: string;
  paymentTerms: string | null;
  deliveryTerms: string | null;
  notes: string | null;
  standardTotal: string | number;
  totalAmount: string | number;
  discountTotal: string | number;
  pdfFileUrl: string | null;
  pdfGeneratedAt: Date | null;
  sentAt: Date | null;
  acceptedAt: Date | null;
  rejectedAt: Date | null;
  rejectReasonCode: QuotationRejectReason | null;
  rejectReason: string | null;
  expiredAt: Date | null;
  previousVersionId: number | null;
  supersededById: number | null;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface QuotationItemRecord {
  id: number;
  quotationId: number;
  productId: number;
  productCode: string;
  productName: string;
  unit: string;
  quantity: number;
  standardPrice: string | number;
  actualPrice: string | number;
  discountAmount: string | number;
  discountRate: string | number;
  subtotal: string | number;
  itemNote: string | null;
  sortOrder: number;
}

/** An item ready to store: product snapshot plus exact, server-computed money as decimal strings. */
export type QuotationItemWrite = Omit<QuotationItemRecord, 'id' | 'quotationId' | 'sortOrder'> & {
  standardPrice: string;
  actualPrice: string;
  discountAmount: string;
  discountRate: string;
  subtotal: string;
};

export interface QuotationEventRecord {
  eventType: string;
  fromValue: string | null;
  toValue: string | null;
  reason: string | null;
  createdBy: number | null;
  createdAt: Date;
}

/** `YYYY-MM-DD` from a DATEONLY value, whichever form the driver hands back. */
export function dayOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

export const idOrNull = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
