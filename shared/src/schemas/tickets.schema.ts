import { z } from 'zod';
import { PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';

export const TICKET_TYPES = ['repair', 'replacement', 'technical_support', 'inspection'] as const;
export const TicketTypeSchema = z.enum(TICKET_TYPES);
export type TicketType = z.infer<typeof TicketTypeSchema>;

export const TICKET_PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export const TicketPrioritySchema = z.enum(TICKET_PRIORITIES);
export type TicketPriority = z.infer<typeof TicketPrioritySchema>;

export const TICKET_STATUSES = [
  'pending',
  'in_progress',
  'pending_acceptance',
  'resolved',
  'closed',
  'cancelled',
] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

/** How the warranty stood on the day the ticket was created (from the contract's warranty terms). */
export const WARRANTY_STATUSES = ['in_warranty', 'not_started', 'expired', 'no_terms', 'no_contract'] as const;
export const WarrantyStatusSchema = z.enum(WARRANTY_STATUSES);
export type WarrantyStatus = z.infer<typeof WarrantyStatusSchema>;

/** waived: under warranty or nothing to charge; unpaid: the customer owes totalCost. Null until resolved. */
export const TICKET_PAYMENT_STATUSES = ['waived', 'unpaid'] as const;
export const TicketPaymentStatusSchema = z.enum(TICKET_PAYMENT_STATUSES);
export type TicketPaymentStatus = z.infer<typeof TicketPaymentStatusSchema>;

/** Entries people add (12.8); the others are written by the ticket's own actions. */
export const TICKET_MANUAL_LOG_TYPES = ['comment', 'contact', 'visit', 'remote', 'follow_up'] as const;
export const TICKET_SYSTEM_LOG_TYPES = [
  'create',
  'update',
  'assign',
  'transfer',
  'resolve',
  'close',
  'cancel',
  'rate',
] as const;
export const TicketManualLogTypeSchema = z.enum(TICKET_MANUAL_LOG_TYPES);
export const TicketLogTypeSchema = z.enum([...TICKET_SYSTEM_LOG_TYPES, ...TICKET_MANUAL_LOG_TYPES]);
export type TicketLogType = z.infer<typeof TicketLogTypeSchema>;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    { message: '日期不存在' },
  );
const text = (max: number) => z.string().trim().max(max);
const id = z.number().int().positive();
const attachments = z.array(text(500).min(1, '附件地址不能为空')).max(9, '最多 9 个附件');

export const TicketCreateSchema = z.object({
  ticketType: TicketTypeSchema,
  ticketTitle: text(128).min(1, '请输入工单标题'),
  priority: TicketPrioritySchema.default('medium'),
  customerId: id,
  customerContactId: id.optional(),
  contractId: id.optional().describe('在保状态按该合同的质保条款在创建当日计算'),
  productId: id.optional().describe('指定合同时须为该合同中的产品'),
  problemDescription: text(2000).min(1, '请描述问题'),
  expectedResolveDate: date.optional(),
  attachmentUrls: attachments.default([]),
});
export type TicketCreate = z.infer<typeof TicketCreateSchema>;

/** 12.4: every field optional, at least one besides the reason. Customer and contract never change. */
export const TicketUpdateSchema = z
  .object({
    ticketType: TicketTypeSchema.optional(),
    ticketTitle: text(128).min(1).optional(),
    priority: TicketPrioritySchema.optional(),
    customerContactId: id.nullable().optional(),
    problemDescription: text(2000).min(1).optional(),
    expectedResolveDate: date.nullable().optional(),
    attachmentUrls: attachments.optional(),
    updateReason: text(500).optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'updateReason'), { message: '至少修改一个字段' });
export type TicketUpdate = z.infer<typeof TicketUpdateSchema>;

export const TicketAssignSchema = z.object({
  assignedTo: id,
  assignReason: text(500).optional().describe('转派（已有处理人）时必填'),
});
export type TicketAssign = z.infer<typeof TicketAssignSchema>;

export const ReplacedPartSchema = z.object({
  partName: text(128).min(1, '请输入配件名称'),
  partCode: text(64).optional(),
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(100_000),
  unitCost: MoneySchema,
});
export type ReplacedPart = z.infer<typeof ReplacedPartSchema>;

export const TicketResolveSchema = z.object({
  problemAnalysis: text(2000).min(1, '请填写问题分析'),
  solution: text(2000).min(1, '请填写解决方案'),
  serviceFee: MoneySchema.default('0.00'),
  partsCost: MoneySchema.optional().describe('省略时按 replacedParts 计算；同时提供时须等于 Σ quantity × unitCost'),
  replacedParts: z.array(ReplacedPartSchema).max(100).default([]),
  attachmentUrls: attachments.default([]),
  awaitingAcceptance: z
    .boolean()
    .default(false)
    .describe('true：处理完成待客户验收（pending_acceptance），关闭即验收通过'),
});
export type TicketResolve = z.infer<typeof TicketResolveSchema>;

export const TicketCloseSchema = z.object({
  closeNote: text(500).optional().describe('关闭未解决的工单（即取消）时必填'),
});
export type TicketClose = z.infer<typeof TicketCloseSchema>;

export const TicketLogCreateSchema = z.object({
  logType: TicketManualLogTypeSchema,
  logContent: text(2000).min(1, '请填写记录内容'),
  attachmentUrls: attachments.default([]),
});
export type TicketLogCreate = z.infer<typeof TicketLogCreateSchema>;

export const TicketRatingSchema = z.object({
  customerRating: z.number().int('评分须为整数').min(1, '评分为 1-5').max(5, '评分为 1-5'),
  customerFeedback: text(500).optional(),
});
export type TicketRating = z.infer<typeof TicketRatingSchema>;

const Flag01Query = z.coerce.number().pipe(z.union([z.literal(0), z.literal(1)]));
const idQuery = z.coerce.number().int().positive();

export const TicketListQuerySchema = PageQuerySchema.extend({
  customerId: idQuery.optional(),
  contractId: idQuery.optional(),
  ticketType: TicketTypeSchema.optional(),
  priority: TicketPrioritySchema.optional(),
  status: TicketStatusSchema.optional(),
  assignedTo: idQuery.optional(),
  isUnderWarranty: Flag01Query.optional(),
});
export type TicketListQuery = z.infer<typeof TicketListQuerySchema>;

export const TicketStatisticsQuerySchema = z
  .object({
    customerId: idQuery.optional(),
    startDate: date.optional().describe('报修日期起（含），UTC'),
    endDate: date.optional().describe('报修日期止（含），UTC'),
  })
  .refine((v) => !v.startDate || !v.endDate || v.endDate >= v.startDate, {
    message: '结束日期不能早于开始日期',
    path: ['endDate'],
  });
export type TicketStatisticsQuery = z.infer<typeof TicketStatisticsQuerySchema>;

export const TicketLogSchema = z.object({
  logId: z.number().int(),
  logType: TicketLogTypeSchema,
  logContent: z.string(),
  attachmentUrls: z.array(z.string()),
  createdBy: z.number().int().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type TicketLog = z.infer<typeof TicketLogSchema>;

const Flag01 = z.union([z.literal(0), z.literal(1)]);

export const TicketSummarySchema = z.object({
  ticketId: z.number().int(),
  ticketNo: z.string(),
  ticketType: TicketTypeSchema,
  ticketTitle: z.string(),
  priority: TicketPrioritySchema,
  status: TicketStatusSchema,
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  contractId: z.number().int().nullable(),
  productId: z.number().int().nullable(),
  isUnderWarranty: Flag01,
  warrantyStatus: WarrantyStatusSchema,
  warrantyEndDate: z.string().nullable(),
  warrantyDaysLeft: z.number().int().nullable().describe('创建当日距质保截止的天数（截止当天为 0）'),
  expectedResolveDate: z.string().nullable(),
  assignedTo: z.number().int().nullable(),
  assignedToName: z.string().nullable(),
  reportedAt: z.string(),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  customerRating: z.number().int().nullable(),
  createdAt: z.string(),
});
export type TicketSummary = z.infer<typeof TicketSummarySchema>;

export const TicketPartSchema = z.object({
  partName: z.string(),
  partCode: z.string().nullable(),
  quantity: z.number().int(),
  unitCost: MoneyOutSchema,
  subtotal: MoneyOutSchema,
});

export const TicketDetailSchema = TicketSummarySchema.extend({
  customerContactId: z.number().int().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  productName: z.string().nullable(),
  problemDescription: z.string(),
  problemAnalysis: z.string().nullable(),
  solution: z.string().nullable(),
  attachmentUrls: z.array(z.string()),
  solutionAttachmentUrls: z.array(z.string()),
  warrantyStartDate: z.string().nullable(),
  serviceFee: MoneyOutSchema.nullable(),
  partsCost: MoneyOutSchema.nullable(),
  totalCost: MoneyOutSchema.nullable(),
  paymentStatus: TicketPaymentStatusSchema.nullable(),
  replacedParts: z.array(TicketPartSchema),
  resolvedBy: z.number().int().nullable(),
  closeNote: z.string().nullable(),
  closedBy: z.number().int().nullable(),
  customerFeedback: z.string().nullable(),
  ratedAt: z.string().nullable(),
  ratedBy: z.number().int().nullable(),
  createdBy: z.number().int().nullable(),
  updatedAt: z.string(),
  logs: z.array(TicketLogSchema),
});
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

export const TicketAssignedSchema = z.object({
  ticketId: z.number().int(),
  status: TicketStatusSchema,
  assignedTo: z.number().int(),
  assignedToName: z.string().nullable(),
});
export type TicketAssigned = z.infer<typeof TicketAssignedSchema>;

export const TicketResolvedSchema = z.object({
  ticketId: z.number().int(),
  status: TicketStatusSchema,
  resolvedAt: z.string(),
  serviceFee: MoneyOutSchema,
  partsCost: MoneyOutSchema,
  totalCost: MoneyOutSchema,
  paymentStatus: TicketPaymentStatusSchema,
});
export type TicketResolved = z.infer<typeof TicketResolvedSchema>;

export const TicketClosedSchema = z.object({
  ticketId: z.number().int(),
  status: TicketStatusSchema,
  closedAt: z.string(),
});
export type TicketClosed = z.infer<typeof TicketClosedSchema>;

export const TicketRatedSchema = z.object({
  ticketId: z.number().int(),
  customerRating: z.number().int(),
  customerFeedback: z.string().nullable(),
  ratedAt: z.string(),
});
export type TicketRated = z.infer<typeof TicketRatedSchema>;

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

export const TicketStatisticsSchema = z.object({
  totalTickets: z.number().int(),
  byStatus: counts(TICKET_STATUSES),
  byType: counts(TICKET_TYPES),
  byPriority: counts(TICKET_PRIORITIES),
  avgResponseTime: z.number().nullable().describe('小时：报修到首次响应（分配或联系客户），两位小数'),
  avgResolveTime: z.number().nullable().describe('小时：报修到解决，两位小数'),
  avgCustomerRating: z.number().nullable().describe('已评价工单的平均分，两位小数'),
  warrantyTickets: z.number().int(),
  nonWarrantyTickets: z.number().int(),
});
export type TicketStatistics = z.infer<typeof TicketStatisticsSchema>;
