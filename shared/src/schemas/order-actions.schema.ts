import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';
import { date, decimal, id, required, text } from './order-fields';
import {
  CHANGE_TYPES,
  FULL_OR_PARTIAL,
  LOGISTICS_COMPANIES,
  OrderStatusSchema,
  PURCHASE_ORDER_STATUSES,
  REQUEST_STATUSES,
} from './orders.schema';

/* 002 §4-9: split and purchase orders, delivery and logistics, change and cancel requests, halt and resume. */

// ---- split (§4) and purchase orders ----

export const SplitPreviewSchema = z.object({
  items: z
    .array(z.object({ itemId: id, supplierId: id.optional(), quantity: decimal('数量').optional() }))
    .min(1)
    .max(500)
    .optional()
    .describe('不传则全部明细自动匹配供应商'),
  totalShippingFee: MoneySchema.optional().describe('本次拆单的总运费；不传则按订单金额 × 配置比例'),
});
export type SplitPreview = z.infer<typeof SplitPreviewSchema>;

export const SplitConfirmSchema = z.object({
  purchaseOrders: z
    .array(
      z.object({
        supplierId: id,
        items: z
          .array(z.object({ itemId: id, quantity: decimal('数量') }))
          .min(1, '采购单至少一个商品')
          .max(500),
      }),
    )
    .min(1, '至少一个采购单')
    .max(100),
  totalShippingFee: MoneySchema.optional(),
});
export type SplitConfirm = z.infer<typeof SplitConfirmSchema>;

const SplitLineSchema = z.object({
  itemId: z.number().int(),
  productName: z.string(),
  quantity: z.number(),
  unitPrice: MoneyOutSchema,
  subtotal: MoneyOutSchema,
});
export const SplitPlanSchema = z.object({
  purchaseOrders: z.array(
    z.object({
      supplierId: z.number().int(),
      supplierName: z.string(),
      matchedBy: z
        .enum(['request', 'jiedan', 'product_default'])
        .describe('供应商来源：指定、已接单工厂、产品默认工厂'),
      items: z.array(SplitLineSchema),
      subtotal: MoneyOutSchema,
      shippingFee: MoneyOutSchema,
      total: MoneyOutSchema,
    }),
  ),
  totalAmount: MoneyOutSchema,
  totalShippingFee: MoneyOutSchema,
  grandTotal: MoneyOutSchema,
});
export type SplitPlan = z.infer<typeof SplitPlanSchema>;

export const SplitResultSchema = z.object({
  orderId: z.number().int(),
  purchaseOrderIds: z.array(z.number().int()),
  status: OrderStatusSchema,
  createdAt: z.string(),
});
export type SplitResult = z.infer<typeof SplitResultSchema>;

export const PurchaseOrderSchema = z.object({
  id: z.number().int(),
  poNo: z.string(),
  orderId: z.number().int(),
  orderNo: z.string(),
  supplierId: z.number().int(),
  supplierName: z.string().nullable(),
  status: z.enum(PURCHASE_ORDER_STATUSES),
  subtotal: MoneyOutSchema,
  shippingFee: MoneyOutSchema,
  total: MoneyOutSchema,
  items: z.array(
    SplitLineSchema.extend({
      id: z.number().int(),
      received: z.boolean(),
      receivedAt: z.string().nullable(),
    }),
  ),
  receivedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrderSchema>;

export const PurchaseOrderListQuerySchema = PageQuerySchema.extend({
  factoryId: z.coerce.number().int().positive().optional(),
  orderId: z.coerce.number().int().positive().optional(),
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
});
export type PurchaseOrderListQuery = z.infer<typeof PurchaseOrderListQuerySchema>;

export const PurchaseOrderReceiveSchema = z.object({
  itemIds: z.array(id).min(1).max(500).optional().describe('订单明细 id（items[].itemId）；不传则整单收货'),
});
export type PurchaseOrderReceive = z.infer<typeof PurchaseOrderReceiveSchema>;

// ---- delivery (§5) and logistics (§6) ----

export const DeliveryRequestSchema = z.object({
  deliveryAddress: required(255, '请填写发货地址'),
  scheduledDate: date.optional(),
});
export type DeliveryRequest = z.infer<typeof DeliveryRequestSchema>;

const trackingNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{6,32}$/, '运单号须为 6-32 位字母、数字或 -');

export const LogisticsInputSchema = z.object({
  logisticsCompany: z.enum(LOGISTICS_COMPANIES),
  trackingNumber,
  shippingFee: MoneySchema.optional(),
});
export type LogisticsInput = z.infer<typeof LogisticsInputSchema>;

export const LogisticsTrackSchema = z.object({
  trackingNumber: z.string(),
  company: z.string(),
  companyName: z.string(),
  status: z.string(),
  timeline: z.array(
    z.object({ time: z.string(), status: z.string(), location: z.string().nullable(), description: z.string() }),
  ),
  estimatedDelivery: z.string().nullable(),
});
export type LogisticsTrack = z.infer<typeof LogisticsTrackSchema>;

// ---- change requests (§7) and cancel requests (§8) ----

const ChangeItemSchema = z.object({
  id: id.optional().describe('原始明细 id（originalItems 必填）'),
  productId: id.optional(),
  productName: text(128).optional(),
  roomName: text(64).optional(),
  quantity: decimal('数量').optional(),
  width: decimal('宽度').optional(),
  height: decimal('高度').optional(),
  unitPrice: MoneySchema.optional(),
  subtotal: MoneySchema.optional(),
});
export type ChangeItem = z.infer<typeof ChangeItemSchema>;

export const ChangeRequestCreateSchema = z.object({
  changeType: z.enum(CHANGE_TYPES, { message: '变更类型须为 ADD_ITEM、REMOVE_ITEM 或 MODIFY_ITEM' }),
  changeReason: required(500, '请填写变更原因'),
  originalItems: z.array(ChangeItemSchema).max(200),
  newItems: z.array(ChangeItemSchema).max(200),
});
export type ChangeRequestCreate = z.infer<typeof ChangeRequestCreateSchema>;

export const ChangeRequestSchema = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderNo: z.string(),
  changeType: z.enum(CHANGE_TYPES),
  changeReason: z.string(),
  originalItems: z.array(z.record(z.string(), z.unknown())),
  newItems: z.array(z.record(z.string(), z.unknown())),
  priceDifference: z.string().describe('新明细小计之和 − 原明细小计之和，可为负'),
  status: z.enum(REQUEST_STATUSES),
  requestedBy: z.number().int().nullable(),
  approvedBy: z.number().int().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  rejectedBy: z.number().int().nullable(),
  rejectedAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  createdAt: z.string(),
});
export type ChangeRequestDto = z.infer<typeof ChangeRequestSchema>;

export const ApproveSchema = z
  .object({ approved: z.boolean().default(true), rejectionReason: text(500).optional() })
  .refine((v) => v.approved || (v.rejectionReason ?? '') !== '', {
    message: 'approved=false 时须填写拒绝原因',
    path: ['rejectionReason'],
  });
export type Approve = z.infer<typeof ApproveSchema>;

export const RejectSchema = z.object({ rejectionReason: required(500, '请填写拒绝原因') });
export type Reject = z.infer<typeof RejectSchema>;

export const OrderCancelSchema = z.object({
  cancelReason: required(500, '请填写撤单原因'),
  cancelType: z.enum(FULL_OR_PARTIAL),
});
export type OrderCancel = z.infer<typeof OrderCancelSchema>;

export const CancelRequestSchema = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderNo: z.string(),
  cancelType: z.enum(FULL_OR_PARTIAL),
  cancelReason: z.string(),
  orderStatus: OrderStatusSchema.describe('申请时的订单状态'),
  status: z.enum(REQUEST_STATUSES),
  requestedBy: z.number().int().nullable(),
  approvedBy: z.number().int().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  rejectedBy: z.number().int().nullable(),
  rejectedAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  createdAt: z.string(),
});
export type CancelRequestDto = z.infer<typeof CancelRequestSchema>;

export const OrderCancelResultSchema = z.object({
  id: z.number().int(),
  status: OrderStatusSchema,
  cancelReason: z.string().nullable(),
  cancelledBy: z.number().int().nullable(),
  cancelledAt: z.string().nullable(),
  approvalRequired: z.boolean().describe('true：非待下单状态，已提交撤单申请，待店长审批'),
  cancelRequestId: z.number().int().nullable(),
});

// ---- halt / resume (§9) ----

export const HaltSchema = z.object({
  haltedReason: required(500, '请填写叫停原因'),
  haltType: z.enum(FULL_OR_PARTIAL),
  haltHours: z
    .number()
    .int()
    .min(1, '叫停时长至少 1 小时')
    .max(168, '叫停最多 7 天（168 小时）')
    .optional()
    .describe('到期自动恢复；默认 48 小时，最多 168 小时'),
});
export type Halt = z.infer<typeof HaltSchema>;

export const ResumeSchema = z.object({ resumeReason: required(500, '请填写恢复原因') });
export type Resume = z.infer<typeof ResumeSchema>;

export const HaltResultSchema = z.object({
  id: z.number().int(),
  previousStatus: OrderStatusSchema,
  status: OrderStatusSchema,
  haltedReason: z.string(),
  haltType: z.enum(FULL_OR_PARTIAL),
  haltedAt: z.string(),
  haltUntil: z.string(),
});

export const ResumeResultSchema = z.object({
  id: z.number().int(),
  status: OrderStatusSchema,
  previousStatus: OrderStatusSchema.nullable(),
  haltedReason: z.null(),
  haltedAt: z.null(),
  resumedAt: z.string(),
  updatedAt: z.string(),
});
