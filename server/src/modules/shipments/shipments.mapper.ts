import type { ShipmentDetail, ShipmentItem, ShipmentLog, ShipmentSummary } from '@app/shared';
import { COMPANY_NAMES } from '../../integrations/logistics/logistics.client';
import { formatMoney } from '../../platform/money';
import type { ShipmentItemRecord, ShipmentLogRecord, ShipmentRecord } from './shipments.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface ShipmentNames {
  contractNo: string | null;
  customerName: string | null;
}

export function toShipmentSummaryDto(r: ShipmentRecord, names: ShipmentNames): ShipmentSummary {
  return {
    shipmentId: r.id,
    shipmentNo: r.shipmentNo,
    shipmentTitle: r.shipmentTitle,
    contractId: r.contractId,
    contractNo: names.contractNo,
    customerId: r.customerId,
    customerName: names.customerName,
    status: r.status,
    shipmentAmount: formatMoney(r.shipmentAmount),
    logisticsCompany: r.logisticsCompany ? COMPANY_NAMES[r.logisticsCompany] : null,
    logisticsCompanyCode: r.logisticsCompany,
    trackingNo: r.trackingNo,
    plannedShipDate: r.plannedShipDate,
    actualShipDate: r.actualShipDate,
    estimatedDeliveryDate: r.estimatedDeliveryDate,
    actualDeliveryDate: r.actualDeliveryDate,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toShipmentItemDto(i: ShipmentItemRecord): ShipmentItem {
  return {
    itemId: i.id,
    contractItemId: i.contractItemId,
    productId: i.productId,
    productCode: i.productCode,
    productName: i.productName,
    unit: i.unit,
    contractQuantity: i.contractQuantity,
    alreadyShippedQuantity: i.alreadyShippedQuantity,
    thisShipmentQuantity: i.thisShipmentQuantity,
    remainingQuantity: i.remainingQuantity,
    unitPrice: formatMoney(i.unitPrice),
    subtotal: formatMoney(i.subtotal),
  };
}

export function toShipmentLogDto(l: ShipmentLogRecord): ShipmentLog {
  return {
    action: l.action as ShipmentLog['action'],
    fromStatus: l.fromStatus,
    toStatus: l.toStatus,
    note: l.note,
    operatorId: l.operatorId,
    createdAt: l.createdAt.toISOString(),
  };
}

export function toShipmentDetailDto(
  r: ShipmentRecord,
  names: ShipmentNames,
  items: readonly ShipmentItemRecord[],
  logs: readonly ShipmentLogRecord[],
): ShipmentDetail {
  return {
    ...toShipmentSummaryDto(r, names),
    shippingAddress: r.shippingAddress,
    contactPerson: r.contactPerson,
    contactPhone: r.contactPhone,
    notes: r.notes,
    shippedAt: iso(r.shippedAt),
    deliveredAt: iso(r.deliveredAt),
    signNotes: r.signNotes,
    cancelledAt: iso(r.cancelledAt),
    cancelReason: r.cancelReason,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
    items: items.map(toShipmentItemDto),
    logs: logs.map(toShipmentLogDto),
  };
}

/** "顺丰速运 SF123…" for the history. */
export const carrierText = (company: ShipmentRecord['logisticsCompany'], trackingNo: string | null): string =>
  company ? `${COMPANY_NAMES[company]}${trackingNo ? ` ${trackingNo}` : ''}` : '无';
