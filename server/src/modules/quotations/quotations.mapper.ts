import type { QuotationDetail, QuotationEvent, QuotationItem, QuotationSummary } from '@app/shared';
import { formatMoney } from '../../platform/money';
import type { QuotationEventRecord, QuotationItemRecord, QuotationRecord } from './quotation-records';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface QuotationNames {
  customer: string | null;
  owner: string | null;
  contact?: string | null;
}

export function toQuotationItemDto(r: QuotationItemRecord): QuotationItem {
  return {
    itemId: r.id,
    productId: r.productId,
    productCode: r.productCode,
    productName: r.productName,
    unit: r.unit,
    quantity: r.quantity,
    standardPrice: formatMoney(r.standardPrice),
    actualPrice: formatMoney(r.actualPrice),
    discountAmount: formatMoney(r.discountAmount),
    discountRate: Number(formatMoney(r.discountRate)),
    subtotal: formatMoney(r.subtotal),
    itemNote: r.itemNote,
  };
}

function toEventDto(e: QuotationEventRecord): QuotationEvent {
  return { ...e, createdAt: e.createdAt.toISOString() };
}

export function toQuotationSummaryDto(r: QuotationRecord, names: QuotationNames): QuotationSummary {
  return {
    quotationId: r.id,
    quotationNo: r.quotationNo,
    version: r.version,
    quotationTitle: r.quotationTitle,
    customerId: r.customerId,
    customerName: names.customer,
    status: r.status,
    totalAmount: formatMoney(r.totalAmount),
    discountTotal: formatMoney(r.discountTotal),
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    ownerId: r.ownerId,
    ownerName: names.owner,
    createdAt: r.createdAt.toISOString(),
    sentAt: iso(r.sentAt),
  };
}

export function toQuotationDetailDto(
  r: QuotationRecord,
  items: readonly QuotationItemRecord[],
  events: readonly QuotationEventRecord[],
  names: QuotationNames,
): QuotationDetail {
  return {
    ...toQuotationSummaryDto(r, names),
    customerContactId: r.customerContactId,
    contactName: names.contact ?? null,
    standardTotal: formatMoney(r.standardTotal),
    paymentTerms: r.paymentTerms,
    deliveryTerms: r.deliveryTerms,
    notes: r.notes,
    pdfFileUrl: r.pdfFileUrl,
    pdfGeneratedAt: iso(r.pdfGeneratedAt),
    acceptedAt: iso(r.acceptedAt),
    rejectedAt: iso(r.rejectedAt),
    rejectReasonCode: r.rejectReasonCode,
    rejectReason: r.rejectReason,
    expiredAt: iso(r.expiredAt),
    previousVersionId: r.previousVersionId,
    supersededById: r.supersededById,
    items: items.map(toQuotationItemDto),
    events: events.map(toEventDto),
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}
