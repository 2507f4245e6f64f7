import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';

/** 002 §12.1. */
export const ORDER_STATUSES = [
  'PENDING_CONFIRMATION',
  'PENDING_PO',
  'PENDING_PRODUCTION',
  'PENDING_DELIVERY',
  'PENDING_SHIPMENT',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
  'HALTED',
  'CANCELLED',
] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const PAYMENT_METHODS = ['CASH', 'WECHAT', 'ALIPAY', 'BANK'] as const;
export const LOGISTICS_COMPANIES = ['SF', 'DB', 'ZTO', 'YTO', 'STO', 'SELF_PICKUP'] as const;
export type LogisticsCompany = (typeof LOGISTICS_COMPANIES)[number];
export const CHANGE_TYPES = ['ADD_ITEM', 'REMOVE_ITEM', 'MODIFY_ITEM'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export const REQUEST_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const FULL_OR_PARTIAL = ['FULL', 'PARTIAL'] as const;
/** Where one order line is on its way to the customer. */
export const DELIVERY_STATUSES = ['PENDING', 'ORDERED', 'IN_STOCK', 'SHIPPED', 'DELIVERED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const PURCHASE_ORDER_STATUSES = ['IN_PRODUCTION', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message: string) => text(max).min(1, message);
const id = z.number().int().positive();
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: '日期不存在' });
const dateTime = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: '时间格式应为 ISO 8601' });
/** An image or file address: http(s) or a path on this site (`/files/...`). */
const fileUrl = z
  .string()
  .trim()
  .max(1024)
  .regex(/^(https?:\/\/|\/)\S+$/, '须为 http(s) 链接或站内文件路径');
/** Quantities and sizes: positive decimals with at most two places, as strings after parsing. */
const decimal = (label: string) =>
  z
    .union([z.number(), z.string().trim()])
    .transform((v) => (typeof v === 'number' ? String(v) : v))
    .pipe(z.string().regex(/^\d{1,8}(\.\d{1,2})?$/, `${label}须为正数，最多两位小数`))
    .refine((v) => Number(v) > 0, { message: `${label}须大于 0` });

export const OrderCreateSchema = z.object({
  quoteId: id,
  paymentAmount: MoneySchema.optional(),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  paymentTime: dateTime.optional(),
  paymentProofImg: fileUrl.optional(),
  confirmationImg: fileUrl.optional(),
  deliveryAddress: text(255).optional(),
  customerPoNo: text(64).optional().describe('客户自己的采购单号'),
  remark: text(1000).optional(),
  requiresDrawingConfirmation: z
    .boolean()
    .optional()
    .describe('true：订单从 PENDING_CONFIRMATION（待确认深化图）开始，确认后进入 PENDING_PO'),
});
export type OrderCreate = z.infer<typeof OrderCreateSchema>;

export const OrderCreatedSchema = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  quoteId: z.number().int(),
  status: OrderStatusSchema,
  totalAmount: MoneyOutSchema,
  paidAmount: MoneyOutSchema,
  settlementType: z.string(),
  createdAt: z.string(),
});
export type OrderCreated = z.infer<typeof OrderCreatedSchema>;

/** `status=PENDING_PO,PENDING_PRODUCTION` or repeated `status=`. */
const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()))
  .transform((v) => v.filter((s) => s !== ''))
  .pipe(z.array(OrderStatusSchema).max(ORDER_STATUSES.length));

export const OrderListQuerySchema = PageQuerySchema.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
  status: statusList.optional().describe('可多选：逗号分隔或重复参数'),
  customerId: z.coerce.number().int().positive().optional(),
  salesId: z.coerce.number().int().positive().optional(),
  startDate: date.optional().describe('下单日期起（含），UTC'),
  endDate: date.optional().describe('下单日期止（含），UTC'),
  keyword: text(64).optional().describe('客户名或订单号'),
});
export type OrderListQuery = z.infer<typeof OrderListQuerySchema>;

export const OrderSummarySchema = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  customerPhone: z.string().nullable().describe('列表中脱敏：138****8000'),
  totalAmount: MoneyOutSchema,
  paidAmount: MoneyOutSchema,
  status: OrderStatusSchema,
  settlementType: z.string(),
  isLocked: z.boolean(),
  salesId: z.number().int().nullable(),
  salesName: z.string().nullable(),
  customerPoNo: z.string().nullable(),
  createdAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

export const OrderItemSchema = z.object({
  id: z.number().int(),
  productId: z.number().int().nullable(),
  productCode: z.string().nullable(),
  roomName: z.string().nullable(),
  productName: z.string(),
  category: z.string().nullable(),
  unit: z.string().nullable(),
  unitPrice: MoneyOutSchema,
  quantity: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  subtotal: MoneyOutSchema,
  supplierId: z.number().int().nullable(),
  purchaseOrderId: z.number().int().nullable(),
  deliveryStatus: z.enum(DELIVERY_STATUSES),
  inStockAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const DeliveryProgressSchema = z.object({
  totalLines: z.number().int(),
  inStockLines: z.number().int().describe('已入库（含已发货、已送达）的行数'),
  shippedLines: z.number().int(),
  deliveredLines: z.number().int(),
  deliveredShare: z.string().describe('已送达金额 / 订单金额，两位小数，如 "0.50"'),
});

export const OrderDetailSchema = OrderSummarySchema.extend({
  quoteId: z.number().int(),
  quoteVersionId: z.number().int(),
  leadId: z.number().int(),
  deliveryAddress: z.string().nullable(),
  scheduledDate: z.string().nullable(),
  previousStatus: OrderStatusSchema.nullable(),
  confirmationImg: z.string().nullable(),
  paymentProofImg: z.string().nullable(),
  paymentAmount: MoneyOutSchema.nullable(),
  paymentMethod: z.string().nullable(),
  paymentTime: z.string().nullable(),
  remark: z.string().nullable(),
  lockedBy: z.number().int().nullable(),
  lockedAt: z.string().nullable(),
  lockReason: z.string().nullable(),
  haltedReason: z.string().nullable(),
  haltType: z.string().nullable(),
  haltedAt: z.string().nullable(),
  haltUntil: z.string().nullable().describe('叫停到期自动恢复的时间'),
  cancelReason: z.string().nullable(),
  cancelledBy: z.number().int().nullable(),
  cancelledAt: z.string().nullable(),
  logisticsCompany: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippingFee: MoneyOutSchema.nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  snapshotData: z.record(z.string(), z.unknown()),
  items: z.array(OrderItemSchema),
  deliveryProgress: DeliveryProgressSchema,
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type OrderDetail = z.infer<typeof OrderDetailSchema>;

/** 2.4: non-core fields only. */
export const OrderUpdateSchema = z
  .object({
    deliveryAddress: text(255).min(1, '配送地址不能为空'),
    remark: text(1000).nullable(),
    customerPoNo: text(64).nullable(),
  })
  .partial()
  // Only non-core fields: amounts, lines and status have their own endpoints; any other key is refused.
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type OrderUpdate = z.infer<typeof OrderUpdateSchema>;

export const OrderUpdatedSchema = z.object({
  id: z.number().int(),
  deliveryAddress: z.string().nullable(),
  remark: z.string().nullable(),
  customerPoNo: z.string().nullable(),
  updatedAt: z.string(),
});

export const ReasonSchema = z.object({ reason: required(255, '请填写原因') });
export type Reason = z.infer<typeof ReasonSchema>;

export const OrderLockSchema = z.object({
  id: z.number().int(),
  isLocked: z.boolean(),
  lockedBy: z.number().int().nullable().optional(),
  lockedAt: z.string().nullable().optional(),
  unlockedBy: z.number().int().optional(),
  unlockedAt: z.string().optional(),
});

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

export const StatusChangeSchema = z.object({
  id: z.number().int(),
  status: OrderStatusSchema,
  previousStatus: OrderStatusSchema.nullable(),
  updatedAt: z.string(),
});

// ---- timeline ----

export const OrderEventSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  fromStatus: OrderStatusSchema.nullable(),
  toStatus: OrderStatusSchema.nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type OrderEventDto = z.infer<typeof OrderEventSchema>;
