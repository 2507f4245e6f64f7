import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';

/** A calendar date `YYYY-MM-DD` that exists (no 2025-02-30). */
export const FinanceDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: '日期不存在',
    },
  );

const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字符`);
const optionalId = z.coerce.number().int().positive().optional();

/** A positive amount: a payment or invoice of nothing is meaningless. */
export const PositiveAmountSchema = MoneySchema.refine((v) => v !== '0.00', { message: '金额须大于 0' });

/** Date window of a query: the end is not before the start. */
export const dateWindow = <T extends { startDate?: string; endDate?: string }>(v: T) =>
  !v.startDate || !v.endDate || v.endDate >= v.startDate;
export const DATE_WINDOW_ERROR = { message: '结束日期不能早于开始日期', path: ['endDate'] };

export const PAYMENT_STATUSES = ['draft', 'confirmed', 'cancelled'] as const;
export const PaymentStatusSchema = z.enum(PAYMENT_STATUSES, { error: '须为 draft、confirmed 或 cancelled' });
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

export const RECEIPT_METHODS = [
  'bank_transfer',
  'cash',
  'cheque',
  'acceptance_bill',
  'wechat',
  'alipay',
  'other',
] as const;
export const PaymentMethodSchema = z.enum(RECEIPT_METHODS, {
  error: '须为 bank_transfer、cash、cheque、acceptance_bill、wechat、alipay 或 other',
});
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  bank_transfer: '银行转账',
  cash: '现金',
  cheque: '支票',
  acceptance_bill: '承兑汇票',
  wechat: '微信',
  alipay: '支付宝',
  other: '其他',
};

/** 10.2. `stageId` or the stage's name (`paymentStage`, as 004 writes it) ties the payment to a payment stage. */
export const PaymentCreateSchema = z.object({
  contractId: z.number().int().positive(),
  stageId: z.number().int().positive().optional(),
  paymentStage: text(64).min(1, '请填写付款阶段').optional(),
  paymentAmount: PositiveAmountSchema,
  paymentDate: FinanceDateSchema,
  paymentMethod: PaymentMethodSchema,
  bankAccount: text(128).optional(),
  transactionNo: text(64).optional(),
  payerName: text(128).optional(),
  expectedAmount: MoneySchema.optional(),
  paymentNote: text(500).optional(),
});
export type PaymentCreate = z.infer<typeof PaymentCreateSchema>;

export const PaymentConfirmSchema = z.object({ confirmNote: text(500).optional() });
export type PaymentConfirm = z.infer<typeof PaymentConfirmSchema>;

export const PaymentVoidSchema = z.object({ voidReason: text(500).min(1, '请填写作废原因') });
export type PaymentVoid = z.infer<typeof PaymentVoidSchema>;

export const PaymentListQuerySchema = PageQuerySchema.extend({
  contractId: optionalId,
  customerId: optionalId,
  status: PaymentStatusSchema.optional(),
  paymentMethod: PaymentMethodSchema.optional(),
  startDate: FinanceDateSchema.optional().describe('收款日期起（含）'),
  endDate: FinanceDateSchema.optional().describe('收款日期止（含）'),
}).refine(dateWindow, DATE_WINDOW_ERROR);
export type PaymentListQuery = z.infer<typeof PaymentListQuerySchema>;

export const PaymentExportQuerySchema = z
  .object({
    contractId: optionalId,
    customerId: optionalId,
    startDate: FinanceDateSchema.optional(),
    endDate: FinanceDateSchema.optional(),
  })
  .refine(dateWindow, DATE_WINDOW_ERROR);
export type PaymentExportQuery = z.infer<typeof PaymentExportQuerySchema>;

/** 10.6 and 11.7: the window selects contracts by signing date. */
export const FinanceStatisticsQuerySchema = z
  .object({
    customerId: optionalId,
    startDate: FinanceDateSchema.optional().describe('合同签订日期起（含）'),
    endDate: FinanceDateSchema.optional().describe('合同签订日期止（含）'),
  })
  .refine(dateWindow, DATE_WINDOW_ERROR);
export type FinanceStatisticsQuery = z.infer<typeof FinanceStatisticsQuerySchema>;

export const OverdueQuerySchema = z.object({ customerId: optionalId });
export type OverdueQuery = z.infer<typeof OverdueQuerySchema>;

/** 10.3 (list rows have the same shape). Stage figures are null for a payment not tied to a stage. */
export const PaymentSchema = z.object({
  paymentId: z.number().int(),
  paymentNo: z.string(),
  contractId: z.number().int(),
  contractNo: z.string().nullable(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  stageId: z.number().int().nullable(),
  paymentStage: z.string().nullable(),
  paymentAmount: MoneyOutSchema,
  paymentDate: z.string(),
  paymentMethod: PaymentMethodSchema,
  bankAccount: z.string().nullable(),
  transactionNo: z.string().nullable(),
  payerName: z.string().nullable(),
  expectedAmount: MoneyOutSchema.nullable(),
  paymentNote: z.string().nullable(),
  stagePaidAmount: MoneyOutSchema.nullable().describe('该阶段已确认收款合计'),
  stageBalanceAmount: MoneyOutSchema.nullable().describe('该阶段金额 − 已收'),
  isStageSettled: z.union([z.literal(0), z.literal(1)]).nullable(),
  status: PaymentStatusSchema,
  confirmDate: z.string().nullable(),
  confirmNote: z.string().nullable(),
  voidReason: z.string().nullable(),
  voidedAt: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Payment = z.infer<typeof PaymentSchema>;

export const PaymentStatisticsSchema = z.object({
  totalContractAmount: MoneyOutSchema,
  totalReceivedAmount: MoneyOutSchema,
  totalReceivableAmount: MoneyOutSchema,
  receivedRate: z.number().describe('已收 / 合同金额 × 100，一位小数'),
  overdueReceivableAmount: MoneyOutSchema,
  byCustomer: z.array(
    z.object({
      customerId: z.number().int(),
      customerName: z.string().nullable(),
      contractAmount: MoneyOutSchema,
      receivedAmount: MoneyOutSchema,
      receivableAmount: MoneyOutSchema,
    }),
  ),
});
export type PaymentStatistics = z.infer<typeof PaymentStatisticsSchema>;

export const OverdueReceivableSchema = z.object({
  contractId: z.number().int(),
  contractNo: z.string(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  stageId: z.number().int(),
  paymentStage: z.string(),
  expectedAmount: MoneyOutSchema,
  receivedAmount: MoneyOutSchema,
  balanceAmount: MoneyOutSchema,
  planDate: z.string(),
  overdueDays: z.number().int(),
});
export type OverdueReceivable = z.infer<typeof OverdueReceivableSchema>;
