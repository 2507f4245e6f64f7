import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';
import { ContractStatusSchema } from './quotations.schema';

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

/** A positive amount (a contract or a stage of nothing is meaningless). */
const PositiveMoneySchema = MoneySchema.refine((v) => v !== '0.00', { message: '金额须大于 0' });

/** A signed amount with at most two decimals (an amendment may lower the contract amount), normalised to "-1500.00". */
export const SignedMoneySchema = z
  .union([z.number(), z.string().trim()])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .pipe(z.string().regex(/^-?\d{1,10}(\.\d{1,2})?$/, '金额最多两位小数'))
  .transform((v) => {
    const negative = v.startsWith('-');
    const [int, frac = ''] = (negative ? v.slice(1) : v).split('.');
    const body = `${BigInt(int).toString()}.${frac.padEnd(2, '0')}`;
    return negative && body !== '0.00' ? `-${body}` : body;
  });

/** A signed decimal string with two places. */
export const SignedMoneyOutSchema = z.string().regex(/^-?\d+\.\d{2}$/);

/** A percentage with at most two decimals, 0 < ratio ≤ 100, normalised to "33.33". */
export const RatioSchema = z
  .union([z.number(), z.string().trim()])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .pipe(z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, '比例须为 0-100 的数，最多两位小数'))
  .transform((v) => {
    const [int, frac = ''] = v.split('.');
    return `${BigInt(int).toString()}.${frac.padEnd(2, '0')}`;
  })
  .refine((v) => v !== '0.00' && Number(v) <= 100, { message: '比例须大于 0 且不超过 100' });

/** 7.2 `paymentTerms[]`: one payment stage. Ratio and amount both, as 004 shows them; the server checks they agree. */
export const PaymentStageInputSchema = z.object({
  stage: text(64).min(1, '请填写阶段名称'),
  paymentRatio: RatioSchema,
  paymentAmount: PositiveMoneySchema,
  planDate: date,
  paymentCondition: text(255).optional(),
});
export type PaymentStageInput = z.infer<typeof PaymentStageInputSchema>;

export const WARRANTY_START_TYPES = ['delivery', 'signing'] as const;
export const WarrantyStartTypeSchema = z.enum(WARRANTY_START_TYPES, {
  error: '须为 delivery（交货）或 signing（签订）',
});
export type WarrantyStartType = z.infer<typeof WarrantyStartTypeSchema>;

/** "12个月", "1年", "90天" (also 月/日): a whole number and a unit. */
export const WARRANTY_PERIOD_PATTERN = /^\s*(\d{1,3})\s*(个月|月|年|天|日)\s*$/;

export const WarrantyTermsInputSchema = z.object({
  warrantyPeriod: text(64).regex(WARRANTY_PERIOD_PATTERN, '质保期格式应为“12个月”“1年”或“90天”'),
  warrantyStartType: WarrantyStartTypeSchema,
  warrantyScope: text(500).optional(),
});
export type WarrantyTermsInput = z.infer<typeof WarrantyTermsInputSchema>;

export const ContractItemInputSchema = z.object({
  productId: id,
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(1_000_000),
  unitPrice: MoneySchema,
});
export type ContractItemInput = z.infer<typeof ContractItemInputSchema>;

const stages = z.array(PaymentStageInputSchema).max(20, '付款阶段最多 20 个');
const items = z.array(ContractItemInputSchema).max(200, '一份合同最多 200 个产品');

/** 7.2. Items, when given, must add up to the contract amount; stages to the amount and to 100 %. */
export const ContractCreateSchema = z
  .object({
    contractTitle: text(128).min(1, '请输入合同标题'),
    customerId: id,
    customerContactId: id.optional(),
    sourceQuotationId: id.optional(),
    contractAmount: PositiveMoneySchema,
    signedDate: date.optional(),
    deliveryDeadline: date.optional(),
    paymentTerms: stages.default([]),
    deliveryTerms: text(1000).optional(),
    warrantyTerms: WarrantyTermsInputSchema.optional(),
    items: items.default([]),
  })
  .refine((v) => !v.signedDate || !v.deliveryDeadline || v.deliveryDeadline >= v.signedDate, {
    message: '交货期限不能早于签订日期',
    path: ['deliveryDeadline'],
  });
export type ContractCreate = z.infer<typeof ContractCreateSchema>;

/** 7.4: drafts only. `paymentTerms` and `items`, when present, replace the whole list; null clears a field. */
export const ContractUpdateSchema = z
  .object({
    contractTitle: text(128).min(1, '请输入合同标题'),
    customerContactId: id.nullable(),
    contractAmount: PositiveMoneySchema,
    signedDate: date.nullable(),
    deliveryDeadline: date.nullable(),
    paymentTerms: stages,
    deliveryTerms: text(1000).nullable(),
    warrantyTerms: WarrantyTermsInputSchema.nullable(),
    items,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type ContractUpdate = z.infer<typeof ContractUpdateSchema>;

/** 7.5. `contractFileUrl`, when given, must be a PDF uploaded to this system; it becomes the next contract file. */
export const ContractSignSchema = z.object({
  signedDate: date,
  contractFileUrl: text(1000).min(1).optional(),
});
export type ContractSign = z.infer<typeof ContractSignSchema>;

export const ContractListQuerySchema = PageQuerySchema.extend({
  customerId: z.coerce.number().int().positive().optional(),
  status: ContractStatusSchema.optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  startDate: date.optional().describe('签订日期起（含）'),
  endDate: date.optional().describe('签订日期止（含）'),
}).refine((v) => !v.startDate || !v.endDate || v.endDate >= v.startDate, {
  message: '结束日期不能早于开始日期',
  path: ['endDate'],
});
export type ContractListQuery = z.infer<typeof ContractListQuerySchema>;

export const PaymentStageSchema = z.object({
  stageId: z.number().int(),
  sortOrder: z.number().int(),
  stage: z.string(),
  paymentRatio: z.number().describe('百分比，两位小数；各阶段之和为 100'),
  paymentAmount: MoneyOutSchema,
  planDate: z.string(),
  paymentCondition: z.string().nullable(),
  paidAmount: MoneyOutSchema,
  settled: z.boolean(),
  settledAt: z.string().nullable(),
});
export type PaymentStage = z.infer<typeof PaymentStageSchema>;

export const WarrantyTermsSchema = z.object({
  warrantyPeriod: z.string().nullable(),
  warrantyStartType: WarrantyStartTypeSchema.nullable(),
  warrantyScope: z.string().nullable(),
  warrantyStartDate: z.string().nullable().describe('signing：签订日期；delivery：交货后确定'),
  warrantyEndDate: z.string().nullable().describe('起始日期 + 质保期'),
});
export type WarrantyTerms = z.infer<typeof WarrantyTermsSchema>;

export const ContractItemSchema = z.object({
  itemId: z.number().int(),
  productId: z.number().int(),
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPrice: MoneyOutSchema,
  subtotal: MoneyOutSchema,
  shippedQuantity: z.number().int(),
});
export type ContractItem = z.infer<typeof ContractItemSchema>;

export const AMENDMENT_TYPES = [
  'product_change',
  'amount_change',
  'delivery_change',
  'payment_change',
  'warranty_change',
  'other',
] as const;
export const AmendmentTypeSchema = z.enum(AMENDMENT_TYPES);
export const AMENDMENT_STATUSES = ['draft', 'signed'] as const;
export const AmendmentStatusSchema = z.enum(AMENDMENT_STATUSES);

/** 7.6. `newContractAmount`, when given, must equal the current amount plus `amountChange`. */
export const AmendmentCreateSchema = z.object({
  amendmentTitle: text(128).min(1, '请输入补充协议标题'),
  amendmentType: AmendmentTypeSchema,
  amendmentContent: text(5000).min(1, '请填写补充协议内容'),
  amountChange: SignedMoneySchema.default('0.00'),
  newContractAmount: MoneySchema.optional(),
  signedDate: date.optional(),
});
export type AmendmentCreate = z.infer<typeof AmendmentCreateSchema>;

/** Signing an amendment (the step that applies its amount change); the date defaults to the planned one, else today. */
export const AmendmentSignSchema = z.object({ signedDate: date.optional() });
export type AmendmentSign = z.infer<typeof AmendmentSignSchema>;

export const AmendmentParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  amendmentId: z.coerce.number().int().positive(),
});

export const AmendmentSchema = z.object({
  amendmentId: z.number().int(),
  amendmentNo: z.string(),
  contractId: z.number().int(),
  amendmentTitle: z.string(),
  amendmentType: AmendmentTypeSchema,
  amendmentContent: z.string(),
  amountChange: SignedMoneyOutSchema,
  newContractAmount: MoneyOutSchema,
  status: AmendmentStatusSchema,
  signedDate: z.string().nullable(),
  signedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Amendment = z.infer<typeof AmendmentSchema>;

export const ContractSummarySchema = z.object({
  contractId: z.number().int(),
  contractNo: z.string(),
  contractTitle: z.string(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  sourceQuotationId: z.number().int().nullable(),
  status: ContractStatusSchema,
  contractAmount: MoneyOutSchema,
  signedDate: z.string().nullable(),
  deliveryDeadline: z.string().nullable(),
  shippedAmount: MoneyOutSchema,
  receivedAmount: MoneyOutSchema,
  invoicedAmount: MoneyOutSchema,
  executionProgress: z.number(),
  createdAt: z.string(),
});
export type ContractSummary = z.infer<typeof ContractSummarySchema>;

/** A shipment of the contract (not cancelled), as 7.3/7.11 list them. */
export const ContractShipmentLineSchema = z.object({
  shipmentId: z.number().int(),
  shipmentNo: z.string(),
  shipmentAmount: z.string(),
  actualShipDate: z.string().nullable(),
  status: z.string(),
});
/** A confirmed payment received on the contract. */
export const ContractPaymentLineSchema = z.object({
  paymentId: z.number().int(),
  paymentNo: z.string(),
  paymentAmount: z.string(),
  paymentDate: z.string().nullable(),
  status: z.string(),
});
/** An invoice of the contract (not voided; a draft has no number yet). */
export const ContractInvoiceLineSchema = z.object({
  invoiceId: z.number().int(),
  invoiceNo: z.string().nullable(),
  invoiceAmount: z.string(),
  invoiceDate: z.string().nullable(),
  status: z.string(),
});
export type ContractShipmentLine = z.infer<typeof ContractShipmentLineSchema>;
export type ContractPaymentLine = z.infer<typeof ContractPaymentLineSchema>;
export type ContractInvoiceLine = z.infer<typeof ContractInvoiceLineSchema>;

export const ContractDetailSchema = ContractSummarySchema.extend({
  customerContactId: z.number().int().nullable(),
  contactName: z.string().nullable(),
  signedAt: z.string().nullable(),
  paymentTerms: z.array(PaymentStageSchema),
  deliveryTerms: z.string().nullable(),
  warrantyTerms: WarrantyTermsSchema,
  items: z.array(ContractItemSchema),
  shipments: z.array(ContractShipmentLineSchema),
  payments: z.array(ContractPaymentLineSchema),
  invoices: z.array(ContractInvoiceLineSchema),
  amendments: z.array(AmendmentSchema),
  updatedAt: z.string(),
});
export type ContractDetail = z.infer<typeof ContractDetailSchema>;

export const ContractSignedSchema = z.object({
  contractId: z.number().int(),
  status: ContractStatusSchema,
  signedDate: z.string(),
  signedAt: z.string(),
  warrantyStartDate: z.string().nullable(),
  warrantyEndDate: z.string().nullable(),
  contractFile: z.object({ fileId: z.number().int(), fileUrl: z.string(), fileVersion: z.number().int() }).nullable(),
});
export type ContractSigned = z.infer<typeof ContractSignedSchema>;

export const CONTRACT_FILE_TYPES = ['contract', 'amendment', 'attachment'] as const;
export const ContractFileTypeSchema = z.enum(CONTRACT_FILE_TYPES, { error: '须为 contract、amendment 或 attachment' });
export type ContractFileType = z.infer<typeof ContractFileTypeSchema>;

/** 7.8's text field, sent with the file. */
export const ContractFileFormSchema = z.object({ fileType: ContractFileTypeSchema.default('contract') });

export const ContractFileParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  fileId: z.coerce.number().int().positive(),
});

export const ContractFileSchema = z.object({
  fileId: z.number().int(),
  fileUrl: z.string(),
  fileType: ContractFileTypeSchema,
  fileVersion: z.number().int(),
  fileName: z.string(),
  fileSize: z.number().int().nullable(),
  uploadedBy: z.number().int().nullable(),
  uploadedAt: z.string(),
});
export type ContractFile = z.infer<typeof ContractFileSchema>;

export const ContractFileDeletedSchema = z.object({ fileId: z.number().int(), deleted: z.literal(true) });

export const ContractProgressSchema = z.object({
  contractId: z.number().int(),
  contractAmount: MoneyOutSchema,
  shippedAmount: MoneyOutSchema,
  shippedProgress: z.number().describe('已发货金额 / 合同金额 × 100，一位小数'),
  receivedAmount: MoneyOutSchema,
  receivedProgress: z.number(),
  invoicedAmount: MoneyOutSchema,
  invoicedProgress: z.number(),
  executionProgress: z.number().describe('发货、收款、开票三项进度的平均值，一位小数'),
  totalQuantity: z.number().int(),
  shippedQuantity: z.number().int(),
  quantityProgress: z.number().describe('已发货数量 / 合同数量 × 100，一位小数'),
  items: z.array(
    z.object({
      itemId: z.number().int(),
      productId: z.number().int(),
      productName: z.string(),
      quantity: z.number().int(),
      shippedQuantity: z.number().int(),
      shippedProgress: z.number(),
    }),
  ),
  shipments: z.array(ContractShipmentLineSchema),
  payments: z.array(ContractPaymentLineSchema),
});
export type ContractProgress = z.infer<typeof ContractProgressSchema>;
