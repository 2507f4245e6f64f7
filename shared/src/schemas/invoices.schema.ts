import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema } from './money.schema';
import { DATE_WINDOW_ERROR, FinanceDateSchema, PositiveAmountSchema, dateWindow } from './payments.schema';

const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字符`);
const optionalId = z.coerce.number().int().positive().optional();

export const INVOICE_STATUSES = ['draft', 'confirmed', 'voided'] as const;
export const InvoiceStatusSchema = z.enum(INVOICE_STATUSES, { error: '须为 draft、confirmed 或 voided' });
export type InvoiceStatus = z.infer<typeof InvoiceStatusSchema>;

export const INVOICE_TYPES = ['vat_special', 'vat_normal'] as const;
export const InvoiceTypeSchema = z.enum(INVOICE_TYPES, { error: '须为 vat_special 或 vat_normal' });
export type InvoiceType = z.infer<typeof InvoiceTypeSchema>;
export const INVOICE_TYPE_LABELS: Record<InvoiceType, string> = {
  vat_special: '增值税专用发票',
  vat_normal: '增值税普通发票',
};

/** The buyer's details a VAT special invoice must carry. */
export const VAT_SPECIAL_FIELDS = ['taxNumber', 'companyAddress', 'companyPhone', 'bankName', 'bankAccount'] as const;

const invoiceFields = {
  paymentId: z.number().int().positive().nullable().optional(),
  invoiceType: InvoiceTypeSchema,
  invoiceAmount: PositiveAmountSchema,
  invoiceDate: FinanceDateSchema.optional(),
  invoiceTitle: text(128).min(1, '请填写发票抬头'),
  taxNumber: text(32).optional(),
  companyAddress: text(255).optional(),
  companyPhone: text(32).optional(),
  bankName: text(128).optional(),
  bankAccount: text(64).optional(),
  invoiceNote: text(500).optional(),
};

/** 11.2. A VAT special invoice needs the tax number, address, phone, bank and account (checked by the server). */
export const InvoiceCreateSchema = z.object({ contractId: z.number().int().positive(), ...invoiceFields });
export type InvoiceCreate = z.infer<typeof InvoiceCreateSchema>;

/** 11.4: any field of a draft except the contract. */
export const InvoiceUpdateSchema = z
  .object(invoiceFields)
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: '请至少修改一项' });
export type InvoiceUpdate = z.infer<typeof InvoiceUpdateSchema>;

export const InvoiceConfirmSchema = z.object({
  invoiceNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,32}$/, '发票号码须为 1-32 位数字或字母'),
  invoiceDate: FinanceDateSchema.optional(),
});
export type InvoiceConfirm = z.infer<typeof InvoiceConfirmSchema>;

export const InvoiceVoidSchema = z.object({ voidReason: text(500).min(1, '请填写作废原因') });
export type InvoiceVoid = z.infer<typeof InvoiceVoidSchema>;

export const InvoiceListQuerySchema = PageQuerySchema.extend({
  contractId: optionalId,
  customerId: optionalId,
  status: InvoiceStatusSchema.optional(),
  invoiceType: InvoiceTypeSchema.optional(),
  startDate: FinanceDateSchema.optional().describe('开票日期起（含）'),
  endDate: FinanceDateSchema.optional().describe('开票日期止（含）'),
}).refine(dateWindow, DATE_WINDOW_ERROR);
export type InvoiceListQuery = z.infer<typeof InvoiceListQuerySchema>;

export const InvoiceExportQuerySchema = z
  .object({
    contractId: optionalId,
    customerId: optionalId,
    startDate: FinanceDateSchema.optional(),
    endDate: FinanceDateSchema.optional(),
  })
  .refine(dateWindow, DATE_WINDOW_ERROR);
export type InvoiceExportQuery = z.infer<typeof InvoiceExportQuerySchema>;

/** 11.3 (list rows have the same shape). `invoiceNo` is null until the invoice is issued (confirmed). */
export const InvoiceSchema = z.object({
  invoiceId: z.number().int(),
  invoiceNo: z.string().nullable(),
  contractId: z.number().int(),
  contractNo: z.string().nullable(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  paymentId: z.number().int().nullable(),
  invoiceType: InvoiceTypeSchema,
  invoiceAmount: MoneyOutSchema,
  invoiceDate: z.string().nullable(),
  invoiceTitle: z.string(),
  taxNumber: z.string().nullable(),
  companyAddress: z.string().nullable(),
  companyPhone: z.string().nullable(),
  bankName: z.string().nullable(),
  bankAccount: z.string().nullable(),
  invoiceNote: z.string().nullable(),
  status: InvoiceStatusSchema,
  confirmDate: z.string().nullable(),
  voidReason: z.string().nullable(),
  voidedAt: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Invoice = z.infer<typeof InvoiceSchema>;

export const InvoiceStatisticsSchema = z.object({
  totalContractAmount: MoneyOutSchema,
  totalInvoicedAmount: MoneyOutSchema,
  totalUninvoicedAmount: MoneyOutSchema,
  invoicedRate: z.number().describe('已开票 / 合同金额 × 100，一位小数'),
  byType: z.object({ vat_special: MoneyOutSchema, vat_normal: MoneyOutSchema }),
  byMonth: z.array(z.object({ month: z.string(), invoicedAmount: MoneyOutSchema, invoiceCount: z.number().int() })),
});
export type InvoiceStatistics = z.infer<typeof InvoiceStatisticsSchema>;
