import { z } from 'zod';
import { MoneyOutSchema } from './money.schema';

/** A calendar day, `YYYY-MM-DD`, that exists (2026-02-30 does not). */
const DashboardDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    { message: '日期不存在' },
  );

/** Days that can be missed out default on the server (the last 30 days ending today, UTC). */
export const DASHBOARD_DEFAULT_DAYS = 30;

/** 004 §13.1 has no query; the range is ours (both ends inclusive, UTC days). */
export const DashboardQuerySchema = z
  .object({
    startDate: DashboardDaySchema.optional().describe('统计起始日期（含），默认结束日期前 29 天'),
    endDate: DashboardDaySchema.optional().describe('统计结束日期（含），默认今天（UTC）'),
  })
  .refine((v) => !v.startDate || !v.endDate || v.endDate >= v.startDate, {
    message: '结束日期不能早于开始日期',
    path: ['endDate'],
  });
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

const count = (description: string) => z.number().int().min(0).describe(description);

export const DashboardChannelSchema = z.object({
  channel: z.string().describe('线索来源（customers.source），未填为 unknown'),
  count: count('时间范围内创建的该来源线索/客户数'),
  convertedCount: count('其中已转化（convertedAt 非空）的数量'),
  conversionRate: z.number().describe('convertedCount ÷ count × 100，两位小数，四舍五入'),
});
export type DashboardChannel = z.infer<typeof DashboardChannelSchema>;

/** 004 §13.1, plus the range it was computed for and when. */
export const DashboardSchema = z.object({
  salesFunnel: z.object({
    leads: count('时间范围内新建的线索/客户数'),
    customers: count('时间范围内转化为客户的数量（convertedAt 在范围内）'),
    quotations: count('时间范围内创建的报价单（不含被新版本取代的旧版本）'),
    contracts: count('时间范围内签订的合同（已签订、执行中、已完成）'),
  }),
  channelAnalysis: z.array(DashboardChannelSchema),
  performanceStats: z.object({
    totalContractAmount: MoneyOutSchema.describe('时间范围内签订的合同金额合计'),
    totalReceivedAmount: MoneyOutSchema.describe('时间范围内收款日期的已确认收款合计'),
    totalInvoicedAmount: MoneyOutSchema.describe('时间范围内开票日期的已确认发票合计'),
  }),
  paymentStats: z.object({
    receivableAmount: MoneyOutSchema.describe('截至今天：已签订/执行中合同的合同金额 − 已收金额'),
    overdueAmount: MoneyOutSchema.describe('截至今天：上述合同中计划日期已过且未结清的付款阶段余额'),
  }),
  customerAnalysis: z.object({
    totalCustomers: count('当前处于 client/inactive 阶段的客户（截至今天）'),
    activeCustomers: count('其中在时间范围内有跟进、报价、签约或已确认收款的客户'),
    inactiveCustomers: count('totalCustomers − activeCustomers'),
  }),
  range: z.object({ startDate: z.string(), endDate: z.string() }),
  generatedAt: z.string().describe('应答时间（ISO 8601）；各数字最多为 30 秒前的计算结果'),
});
export type Dashboard = z.infer<typeof DashboardSchema>;
