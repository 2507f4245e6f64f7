import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema } from './money.schema';
import { LOGISTICS_COMPANIES, type LogisticsCompany } from './orders.schema';

/** A calendar date `YYYY-MM-DD` that exists (no 2025-02-30). */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: '日期不存在',
    },
  );

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
const required = (max: number, message: string) => text(max).min(1, message);
const id = z.number().int().positive();
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,32}$/, '电话号码格式不正确');

export const SHIPMENT_STATUSES = ['draft', 'pending', 'shipped', 'in_transit', 'delivered', 'cancelled'] as const;
export const ShipmentStatusSchema = z.enum(SHIPMENT_STATUSES, {
  error: '状态须为 draft、pending、shipped、in_transit、delivered 或 cancelled',
});
export type ShipmentStatus = z.infer<typeof ShipmentStatusSchema>;

/** Chinese names a user may send instead of the code (004 writes "顺丰速运", "德邦物流"). */
export const LOGISTICS_COMPANY_ALIASES: Readonly<Record<string, LogisticsCompany>> = {
  顺丰: 'SF',
  顺丰速运: 'SF',
  顺丰快递: 'SF',
  德邦: 'DB',
  德邦快递: 'DB',
  德邦物流: 'DB',
  中通: 'ZTO',
  中通快递: 'ZTO',
  圆通: 'YTO',
  圆通速递: 'YTO',
  圆通快递: 'YTO',
  申通: 'STO',
  申通快递: 'STO',
  自提: 'SELF_PICKUP',
};

/** A logistics company as its code (SF) or its Chinese name (顺丰速运), normalised to the code. */
export const ShipmentCompanySchema = z
  .string()
  .trim()
  .transform((v) => LOGISTICS_COMPANY_ALIASES[v] ?? v.toUpperCase())
  .pipe(
    z.enum(LOGISTICS_COMPANIES, {
      error: '物流公司须为 SF、DB、ZTO、YTO、STO、SELF_PICKUP 或其中文名称（如“顺丰速运”）',
    }),
  );

const trackingNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{6,32}$/, '运单号须为 6-32 位字母、数字或 -');

/** Self pickup needs no tracking number; every courier does. */
const needsTracking = (v: { logisticsCompany: LogisticsCompany; trackingNo?: string }, ctx: z.RefinementCtx) => {
  if (v.logisticsCompany !== 'SELF_PICKUP' && !v.trackingNo) {
    ctx.addIssue({ code: 'custom', path: ['trackingNo'], message: '请填写运单号' });
  }
};

export const ShipmentItemInputSchema = z.object({
  contractItemId: id,
  /** Optional check: when sent it must be the contract line's product. */
  productId: id.optional(),
  thisShipmentQuantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(1_000_000),
});
export type ShipmentItemInput = z.infer<typeof ShipmentItemInputSchema>;

/** 9.1. */
export const ShipmentCreateSchema = z.object({
  shipmentTitle: text(128).optional(),
  contractId: id,
  shippingAddress: required(255, '请填写收货地址'),
  contactPerson: required(64, '请填写收货联系人'),
  contactPhone: phone,
  plannedShipDate: date.optional(),
  items: z
    .array(ShipmentItemInputSchema)
    .min(1, '请至少选择一个发货产品')
    .max(200)
    .superRefine((items, ctx) => {
      const seen = new Set<number>();
      items.forEach((item, i) => {
        if (seen.has(item.contractItemId)) {
          ctx.addIssue({ code: 'custom', path: [i, 'contractItemId'], message: '同一合同产品不能重复出现' });
        }
        seen.add(item.contractItemId);
      });
    }),
  notes: text(1000).optional(),
});
export type ShipmentCreate = z.infer<typeof ShipmentCreateSchema>;

/** 9.4: only the draft's own fields; lines change by cancelling and creating again. */
export const ShipmentUpdateSchema = z
  .object({
    shipmentTitle: required(128, '发货单标题不能为空'),
    shippingAddress: required(255, '收货地址不能为空'),
    contactPerson: required(64, '收货联系人不能为空'),
    contactPhone: phone,
    plannedShipDate: date.nullable(),
    notes: text(1000).nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type ShipmentUpdate = z.infer<typeof ShipmentUpdateSchema>;

/** 9.5. The ship date defaults to today. */
export const ShipmentConfirmSchema = z
  .object({
    logisticsCompany: ShipmentCompanySchema,
    trackingNo: trackingNo.optional(),
    actualShipDate: date.optional(),
    estimatedDeliveryDate: date.optional(),
  })
  .superRefine(needsTracking)
  .superRefine((v, ctx) => {
    if (v.actualShipDate && v.estimatedDeliveryDate && v.estimatedDeliveryDate < v.actualShipDate) {
      ctx.addIssue({ code: 'custom', path: ['estimatedDeliveryDate'], message: '预计到货日期不能早于发货日期' });
    }
  });
export type ShipmentConfirm = z.infer<typeof ShipmentConfirmSchema>;

/** 9.6: a carrier change is recorded with its reason. */
export const ShipmentLogisticsSchema = z
  .object({
    logisticsCompany: ShipmentCompanySchema,
    trackingNo: trackingNo.optional(),
    estimatedDeliveryDate: date.optional(),
    updateReason: required(500, '请填写更新原因'),
  })
  .superRefine(needsTracking);
export type ShipmentLogistics = z.infer<typeof ShipmentLogisticsSchema>;

/** 9.7. The delivery date defaults to today. */
export const ShipmentSignSchema = z.object({
  actualDeliveryDate: date.optional(),
  signNotes: text(1000).optional(),
});
export type ShipmentSign = z.infer<typeof ShipmentSignSchema>;

/** 9.8. */
export const ShipmentCancelSchema = z.object({ cancelReason: required(500, '请填写取消原因') });
export type ShipmentCancel = z.infer<typeof ShipmentCancelSchema>;

/** 9.2. Dates are on the ship date: the actual one once shipped, else the planned one. */
export const ShipmentListQuerySchema = PageQuerySchema.extend({
  contractId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  status: ShipmentStatusSchema.optional(),
  startDate: date.optional(),
  endDate: date.optional(),
});
export type ShipmentListQuery = z.infer<typeof ShipmentListQuerySchema>;

export const ShipmentSummarySchema = z.object({
  shipmentId: z.number().int(),
  shipmentNo: z.string(),
  shipmentTitle: z.string(),
  contractId: z.number().int(),
  contractNo: z.string().nullable(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  status: ShipmentStatusSchema,
  shipmentAmount: MoneyOutSchema,
  logisticsCompany: z.string().nullable().describe('物流公司中文名，如“顺丰速运”'),
  logisticsCompanyCode: z.enum(LOGISTICS_COMPANIES).nullable(),
  trackingNo: z.string().nullable(),
  plannedShipDate: z.string().nullable(),
  actualShipDate: z.string().nullable(),
  estimatedDeliveryDate: z.string().nullable(),
  actualDeliveryDate: z.string().nullable(),
  createdAt: z.string(),
});
export type ShipmentSummary = z.infer<typeof ShipmentSummarySchema>;

export const ShipmentItemSchema = z.object({
  itemId: z.number().int(),
  contractItemId: z.number().int(),
  productId: z.number().int(),
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  contractQuantity: z.number().int(),
  alreadyShippedQuantity: z.number().int().describe('本单创建时，该产品已由其他发货单占用的数量'),
  thisShipmentQuantity: z.number().int(),
  remainingQuantity: z.number().int().describe('本单创建后该产品尚未安排发货的数量'),
  unitPrice: MoneyOutSchema,
  subtotal: MoneyOutSchema,
});
export type ShipmentItem = z.infer<typeof ShipmentItemSchema>;

export const SHIPMENT_LOG_ACTIONS = ['create', 'update', 'confirm', 'logistics', 'sign', 'cancel'] as const;
export const ShipmentLogSchema = z.object({
  action: z.enum(SHIPMENT_LOG_ACTIONS),
  fromStatus: ShipmentStatusSchema.nullable(),
  toStatus: ShipmentStatusSchema,
  note: z.string().nullable(),
  operatorId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ShipmentLog = z.infer<typeof ShipmentLogSchema>;

export const ShipmentDetailSchema = ShipmentSummarySchema.extend({
  shippingAddress: z.string(),
  contactPerson: z.string(),
  contactPhone: z.string(),
  notes: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  signNotes: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  updatedAt: z.string(),
  items: z.array(ShipmentItemSchema),
  logs: z.array(ShipmentLogSchema),
});
export type ShipmentDetail = z.infer<typeof ShipmentDetailSchema>;

export const ShipmentConfirmedSchema = z.object({
  shipmentId: z.number().int(),
  status: ShipmentStatusSchema,
  logisticsCompany: z.string().nullable(),
  logisticsCompanyCode: z.enum(LOGISTICS_COMPANIES),
  trackingNo: z.string().nullable(),
  actualShipDate: z.string(),
  estimatedDeliveryDate: z.string().nullable(),
  shippedAt: z.string(),
});
export type ShipmentConfirmed = z.infer<typeof ShipmentConfirmedSchema>;

export const ShipmentSignedSchema = z.object({
  shipmentId: z.number().int(),
  status: ShipmentStatusSchema,
  actualDeliveryDate: z.string(),
  deliveredAt: z.string(),
  signNotes: z.string().nullable(),
  warrantyStarted: z.boolean().describe('本次签收是否开始了合同质保（质保自交货起算的合同，首次签收）'),
});
export type ShipmentSigned = z.infer<typeof ShipmentSignedSchema>;
