import { z } from 'zod';
import {
  CancelRequestSchema,
  ChangeRequestSchema,
  OrderStatusSchema,
  type OrderCancelResultSchema,
  type CancelRequestDto,
  type ChangeRequestDto,
} from '@app/shared';
import { fromCents } from '../../platform/money';
import type { CancelRequestRecord } from './order-cancel-requests.repository';
import { signedCents } from './order-change-lines';
import type { ChangeLine, ChangeRequestRecord } from './order-change-requests.repository';

// ---- answers (subsets of the shared request schemas, as 002 §7.1, §7.3, §7.4 show them) ----

/** 7.1. */
export const ChangeRequestCreatedSchema = ChangeRequestSchema.pick({
  id: true,
  orderId: true,
  orderNo: true,
  changeType: true,
  priceDifference: true,
  status: true,
  createdAt: true,
});
export type ChangeRequestCreated = z.infer<typeof ChangeRequestCreatedSchema>;

export const ChangeRequestListSchema = z.object({ items: z.array(ChangeRequestSchema) });
export const CancelRequestListSchema = z.object({ items: z.array(CancelRequestSchema) });

/** 7.4 (and 7.3 with approved=false). */
export const RequestRejectedSchema = z.object({
  id: z.number().int(),
  status: z.literal('REJECTED'),
  rejectedBy: z.number().int().nullable(),
  rejectedAt: z.string(),
  rejectionReason: z.string(),
});
export type RequestRejected = z.infer<typeof RequestRejectedSchema>;

/** 7.3: the change is applied in the same transaction as the approval. */
export const ChangeApprovedSchema = z.object({
  id: z.number().int(),
  status: z.literal('APPROVED'),
  approvedBy: z.number().int().nullable(),
  approvedAt: z.string(),
  appliedAt: z.string(),
});
export type ChangeApproved = z.infer<typeof ChangeApprovedSchema>;

export const CancelApprovedSchema = z.object({
  id: z.number().int(),
  status: z.literal('APPROVED'),
  approvedBy: z.number().int().nullable(),
  approvedAt: z.string(),
  orderId: z.number().int(),
  orderStatus: OrderStatusSchema.describe('审批通过后订单为 CANCELLED'),
  cancelledPurchaseOrderIds: z.array(z.number().int()).describe('随订单撤销的未入库采购单'),
});
export type CancelApproved = z.infer<typeof CancelApprovedSchema>;

export type OrderCancelResult = z.infer<typeof OrderCancelResultSchema>;

export const ChangeDecisionSchema = z.discriminatedUnion('status', [ChangeApprovedSchema, RequestRejectedSchema]);
export const CancelDecisionSchema = z.discriminatedUnion('status', [CancelApprovedSchema, RequestRejectedSchema]);

const num = (v: string | null) => (v === null ? null : Number(v));

/** A kept line as clients read it (002 §7.1's shape: sizes and quantities as numbers, money as strings). */
export function toLineDto(l: ChangeLine): Record<string, unknown> {
  return {
    ...(l.id === undefined ? {} : { id: l.id }),
    productId: l.productId,
    productCode: l.productCode,
    productName: l.productName,
    category: l.category,
    roomName: l.roomName,
    unit: l.unit,
    unitPrice: l.unitPrice,
    quantity: Number(l.quantity),
    width: num(l.width),
    height: num(l.height),
    subtotal: l.subtotal,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const nameOf = (names: Map<number, string>, id: number | null) => (id === null ? null : (names.get(id) ?? null));

export function toChangeRequestDto(
  r: ChangeRequestRecord,
  orderNo: string,
  names: Map<number, string>,
): ChangeRequestDto {
  return {
    id: r.id,
    orderId: r.orderId,
    orderNo,
    changeType: r.changeType,
    changeReason: r.changeReason,
    originalItems: r.originalItems.map(toLineDto),
    newItems: r.newItems.map(toLineDto),
    priceDifference: fromCents(signedCents(r.priceDifference)),
    status: r.status,
    requestedBy: r.requestedBy,
    approvedBy: r.approvedBy,
    approvedByName: nameOf(names, r.approvedBy),
    approvedAt: iso(r.approvedAt),
    appliedAt: iso(r.appliedAt),
    rejectedBy: r.rejectedBy,
    rejectedAt: iso(r.rejectedAt),
    rejectionReason: r.rejectionReason,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toCancelRequestDto(
  r: CancelRequestRecord,
  orderNo: string,
  names: Map<number, string>,
): CancelRequestDto {
  return {
    id: r.id,
    orderId: r.orderId,
    orderNo,
    cancelType: r.cancelType,
    cancelReason: r.cancelReason,
    orderStatus: r.orderStatus,
    status: r.status,
    requestedBy: r.requestedBy,
    approvedBy: r.approvedBy,
    approvedByName: nameOf(names, r.approvedBy),
    approvedAt: iso(r.approvedAt),
    rejectedBy: r.rejectedBy,
    rejectedAt: iso(r.rejectedAt),
    rejectionReason: r.rejectionReason,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toRejectedDto(id: number, by: number | null, at: Date, reason: string): RequestRejected {
  return { id, status: 'REJECTED', rejectedBy: by, rejectedAt: at.toISOString(), rejectionReason: reason };
}
