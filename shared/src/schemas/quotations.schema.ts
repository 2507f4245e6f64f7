import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';

export const QUOTATION_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired', 'superseded'] as const;
export const QuotationStatusSchema = z.enum(QUOTATION_STATUSES);
export type QuotationStatus = z.infer<typeof QuotationStatusSchema>;

/** Why a customer turned a quotation down: the lost-deal statistics count these. */
export const QUOTATION_REJECT_REASONS = ['price', 'competitor', 'no_budget', 'no_need', 'timing', 'other'] as const;
export const QuotationRejectReasonSchema = z.enum(QUOTATION_REJECT_REASONS);
export type QuotationRejectReason = z.infer<typeof QuotationRejectReasonSchema>;

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

const text = (max: number) => z.string().trim().max(max);
const id = z.number().int().positive();

export const QuotationItemInputSchema = z.object({
  productId: id,
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(1_000_000),
  /** Defaults to the product's sale price. */
  standardPrice: MoneySchema.optional(),
  actualPrice: MoneySchema,
  discountRate: z
    .union([z.number(), z.string()])
    .optional()
    .describe('忽略：折扣额与折扣率由服务端按 standardPrice 与 actualPrice 精确计算'),
  itemNote: text(255).optional(),
});
export type QuotationItemInput = z.infer<typeof QuotationItemInputSchema>;

const items = z.array(QuotationItemInputSchema).max(200, '一张报价单最多 200 个产品');

export const QuotationCreateSchema = z
  .object({
    quotationTitle: text(128).min(1, '请输入报价单标题'),
    customerId: id,
    customerContactId: id.optional(),
    validFrom: date,
    validUntil: date,
    paymentTerms: text(1000).optional(),
    deliveryTerms: text(1000).optional(),
    items: items.default([]),
    notes: text(2000).optional(),
  })
  .refine((v) => v.validUntil >= v.validFrom, { message: '有效期截止日不能早于开始日', path: ['validUntil'] });
export type QuotationCreate = z.infer<typeof QuotationCreateSchema>;

/** 6.4: `items`, when present, replaces the item list. The customer of a quotation never changes. */
export const QuotationUpdateSchema = z
  .object({
    quotationTitle: text(128).min(1),
    customerContactId: id.nullable(),
    validFrom: date,
    validUntil: date,
    paymentTerms: text(1000).nullable(),
    deliveryTerms: text(1000).nullable(),
    items,
    notes: text(2000).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type QuotationUpdate = z.infer<typeof QuotationUpdateSchema>;

export const QuotationValiditySchema = z.object({
  newValidUntil: date,
  extensionReason: text(255).min(1, '请填写延期原因'),
});
export type QuotationValidity = z.infer<typeof QuotationValiditySchema>;

export const QuotationRejectSchema = z
  .object({ reasonCode: QuotationRejectReasonSchema, reason: text(500).optional() })
  .refine((v) => v.reasonCode !== 'other' || (v.reason ?? '') !== '', {
    message: '原因为 other 时请填写说明',
    path: ['reason'],
  });
export type QuotationReject = z.infer<typeof QuotationRejectSchema>;

export const QuotationItemParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  itemId: z.coerce.number().int().positive(),
});

export const QuotationListQuerySchema = PageQuerySchema.extend({
  customerId: z.coerce.number().int().positive().optional(),
  status: QuotationStatusSchema.optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  startDate: date.optional().describe('创建日期起（含），UTC'),
  endDate: date.optional().describe('创建日期止（含），UTC'),
});
export type QuotationListQuery = z.infer<typeof QuotationListQuerySchema>;

export const QuotationItemSchema = z.object({
  itemId: z.number().int(),
  productId: z.number().int(),
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  standardPrice: MoneyOutSchema,
  actualPrice: MoneyOutSchema,
  discountAmount: MoneyOutSchema.describe('每单位折扣额 = standardPrice − actualPrice'),
  discountRate: z.number().describe('折扣率（%）= discountAmount / standardPrice × 100，四舍五入到两位'),
  subtotal: MoneyOutSchema.describe('actualPrice × quantity'),
  itemNote: z.string().nullable(),
});
export type QuotationItem = z.infer<typeof QuotationItemSchema>;

export const QuotationEventSchema = z.object({
  eventType: z.string(),
  fromValue: z.string().nullable(),
  toValue: z.string().nullable(),
  reason: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
});
export type QuotationEvent = z.infer<typeof QuotationEventSchema>;

/** One row of the list (6.2); the create answer of 6.1 is the full detail, which contains these fields. */
export const QuotationSummarySchema = z.object({
  quotationId: z.number().int(),
  quotationNo: z.string(),
  version: z.number().int(),
  quotationTitle: z.string(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  status: QuotationStatusSchema,
  totalAmount: MoneyOutSchema,
  discountTotal: MoneyOutSchema,
  validFrom: z.string(),
  validUntil: z.string(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type QuotationSummary = z.infer<typeof QuotationSummarySchema>;

export const QuotationDetailSchema = QuotationSummarySchema.extend({
  customerContactId: z.number().int().nullable(),
  contactName: z.string().nullable(),
  standardTotal: MoneyOutSchema.describe('Σ standardPrice × quantity'),
  paymentTerms: z.string().nullable(),
  deliveryTerms: z.string().nullable(),
  notes: z.string().nullable(),
  pdfFileUrl: z.string().nullable(),
  pdfGeneratedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  rejectedAt: z.string().nullable(),
  rejectReasonCode: QuotationRejectReasonSchema.nullable(),
  rejectReason: z.string().nullable(),
  expiredAt: z.string().nullable(),
  previousVersionId: z.number().int().nullable(),
  supersededById: z.number().int().nullable(),
  items: z.array(QuotationItemSchema),
  events: z.array(QuotationEventSchema),
  createdBy: z.number().int().nullable(),
  updatedBy: z.number().int().nullable(),
  updatedAt: z.string(),
});
export type QuotationDetail = z.infer<typeof QuotationDetailSchema>;

export const QuotationPdfSchema = z.object({ pdfFileUrl: z.string(), generatedAt: z.string() });
export type QuotationPdf = z.infer<typeof QuotationPdfSchema>;

export const ConvertToContractSchema = z
  .object({ contractTitle: text(128).min(1, '请输入合同标题'), signedDate: date, deliveryDeadline: date })
  .refine((v) => v.deliveryDeadline >= v.signedDate, {
    message: '交货期限不能早于签订日期',
    path: ['deliveryDeadline'],
  });
export type ConvertToContract = z.infer<typeof ConvertToContractSchema>;

export const CONTRACT_STATUSES = ['draft', 'signed', 'executing', 'completed', 'terminated'] as const;
export const ContractStatusSchema = z.enum(CONTRACT_STATUSES);
export type ContractStatus = z.infer<typeof ContractStatusSchema>;

export const ContractCreatedSchema = z.object({
  contractId: z.number().int(),
  contractNo: z.string(),
  contractTitle: z.string(),
  quotationId: z.number().int(),
  customerId: z.number().int(),
  contractAmount: MoneyOutSchema,
  status: ContractStatusSchema,
  createdAt: z.string(),
});
export type ContractCreated = z.infer<typeof ContractCreatedSchema>;
