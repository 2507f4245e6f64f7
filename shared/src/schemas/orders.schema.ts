import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';
import { date, dateTime, fileUrl, id, required, text } from './order-fields';

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
