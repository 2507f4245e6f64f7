import { z } from 'zod';
import { PageQuerySchema } from '../envelope';

export const CUSTOMER_STAGES = ['lead', 'initial_contact', 'prospect', 'negotiation', 'client', 'inactive'] as const;
/** DESIGN.md: leads are customers in these stages. */
export const LEAD_STAGES = ['lead', 'initial_contact', 'prospect', 'negotiation'] as const;
export const CUSTOMER_TYPES = ['chain_hotel', 'single_hotel', 'distributor', 'homestay', 'apartment'] as const;
export const CUSTOMER_LEVELS = ['A', 'B', 'C'] as const;
export const SETTLEMENT_TYPES = ['PREPAID', 'MONTHLY'] as const;
/** Why a lead went back to the pool (or a quotation was rejected): coded so statistics can count them. */
export const LOST_REASONS = ['no_budget', 'no_need', 'competitor', 'price', 'unreachable', 'timing', 'other'] as const;
export const FOLLOW_UP_METHODS = ['phone', 'wechat', 'visit', 'email', 'meeting', 'other'] as const;
export const FOLLOW_UP_RESULTS = ['successful', 'pending', 'failed', 'no_answer'] as const;

export const CustomerStageSchema = z.enum(CUSTOMER_STAGES);
export type CustomerStage = z.infer<typeof CustomerStageSchema>;
export const LeadStageSchema = z.enum(LEAD_STAGES);
export const LostReasonSchema = z.enum(LOST_REASONS);
export type LostReason = z.infer<typeof LostReasonSchema>;

const text = (max: number) => z.string().trim().max(max);
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,32}$/, '电话号码格式不正确');
const url = z
  .string()
  .trim()
  .max(1024)
  .regex(/^(https?:\/\/|\/)\S+$/, '附件地址须为 http(s) 链接或站内路径');
const dateQuery = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式须为 YYYY-MM-DD');

/** 004 §3.2 / §5.2. `confirmDuplicate: true` creates it even when a customer with the same name or phone exists. */
export const CustomerCreateSchema = z.object({
  customerName: text(128).min(1, '请输入客户名称'),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  customerLevel: z.enum(CUSTOMER_LEVELS).optional(),
  customerStage: CustomerStageSchema.default('lead'),
  industry: text(64).optional(),
  province: text(32).optional(),
  city: text(32).optional(),
  address: text(255).optional(),
  contactPhone: phone.optional(),
  hotelRooms: z.number().int().min(0).max(100000).optional(),
  hotelStar: text(16).optional(),
  source: text(32).optional(),
  description: text(2000).optional(),
  settlementType: z.enum(SETTLEMENT_TYPES).optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  confirmDuplicate: z.boolean().optional(),
});
export type CustomerCreate = z.infer<typeof CustomerCreateSchema>;

export const LeadCreateSchema = CustomerCreateSchema.extend({ customerStage: LeadStageSchema.default('lead') });
export type LeadCreate = z.infer<typeof LeadCreateSchema>;

/** 004 §3.4 / §5.4: stage and owner have their own endpoints. */
export const CustomerUpdateSchema = CustomerCreateSchema.omit({ customerStage: true, ownerId: true })
  .extend({
    customerType: z.enum(CUSTOMER_TYPES).nullable(),
    customerLevel: z.enum(CUSTOMER_LEVELS).nullable(),
    industry: text(64).nullable(),
    province: text(32).nullable(),
    city: text(32).nullable(),
    address: text(255).nullable(),
    contactPhone: phone.nullable(),
    hotelRooms: z.number().int().min(0).max(100000).nullable(),
    hotelStar: text(16).nullable(),
    source: text(32).nullable(),
    description: text(2000).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'confirmDuplicate'), { message: '至少修改一个字段' });
export type CustomerUpdate = z.infer<typeof CustomerUpdateSchema>;

const CustomerFilters = {
  customerStage: CustomerStageSchema.optional(),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  customerLevel: z.enum(CUSTOMER_LEVELS).optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  source: text(32).optional(),
  province: text(32).optional(),
  city: text(32).optional(),
  keyword: text(64).optional(),
  startDate: dateQuery.optional(),
  endDate: dateQuery.optional(),
};
export const CustomerListQuerySchema = PageQuerySchema.extend(CustomerFilters);
export type CustomerListQuery = z.infer<typeof CustomerListQuerySchema>;
export type CustomerFilter = Omit<CustomerListQuery, 'page' | 'pageSize'> & { stages?: readonly string[] };

export const CustomerExportQuerySchema = z.object(CustomerFilters);
export type CustomerExportQuery = z.infer<typeof CustomerExportQuerySchema>;

/** 004 §5.1: `ownerId=0` (or `pool=1`) lists the public pool. */
export const LeadListQuerySchema = PageQuerySchema.extend({
  ...CustomerFilters,
  customerStage: LeadStageSchema.optional(),
  ownerId: z.coerce.number().int().min(0).optional(),
  pool: z.coerce
    .number()
    .pipe(z.union([z.literal(0), z.literal(1)]))
    .optional(),
});
export type LeadListQuery = z.infer<typeof LeadListQuerySchema>;

export const CustomerSchema = z.object({
  customerId: z.number().int(),
  customerCode: z.string(),
  customerName: z.string(),
  customerType: z.string().nullable(),
  customerLevel: z.string().nullable(),
  customerStage: CustomerStageSchema,
  industry: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  hotelRooms: z.number().int().nullable(),
  hotelStar: z.string().nullable(),
  source: z.string().nullable(),
  description: z.string().nullable(),
  settlementType: z.enum(SETTLEMENT_TYPES),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  inPool: z.boolean().describe('公海池线索（无负责人）'),
  stageUpdatedAt: z.string().nullable(),
  convertedAt: z.string().nullable(),
  lastFollowUpAt: z.string().nullable(),
  nextFollowUpAt: z.string().nullable(),
  lostReasonCode: z.string().nullable(),
  lostReason: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  updatedBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const ContactCreateSchema = z.object({
  contactName: text(64).min(1, '请输入联系人姓名'),
  position: text(64).optional(),
  mobile: phone.optional(),
  wechat: text(64).optional(),
  email: z.string().trim().max(128).pipe(z.email('邮箱格式不正确')).optional(),
  isPrimary: z.union([z.literal(0), z.literal(1), z.boolean()]).optional(),
  description: text(255).optional(),
});
export type ContactCreate = z.infer<typeof ContactCreateSchema>;

export const ContactSchema = z.object({
  contactId: z.number().int(),
  customerId: z.number().int(),
  contactName: z.string(),
  position: z.string().nullable(),
  mobile: z.string().nullable(),
  wechat: z.string().nullable(),
  email: z.string().nullable(),
  isPrimary: z.union([z.literal(0), z.literal(1)]),
  description: z.string().nullable(),
  createdAt: z.string(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const FollowUpCreateSchema = z.object({
  followUpMethod: z.enum(FOLLOW_UP_METHODS),
  contactPerson: text(64).optional(),
  followUpContent: text(4000).min(1, '请输入跟进内容'),
  customerFeedback: text(4000).optional(),
  nextFollowUpTime: z.iso.datetime({ offset: true, message: '下次跟进时间须为 ISO 8601 时间' }).optional(),
  nextFollowUpContent: text(255).optional(),
  followUpResult: z.enum(FOLLOW_UP_RESULTS).optional(),
  attachmentUrls: z.array(url).max(20).default([]),
});
export type FollowUpCreate = z.infer<typeof FollowUpCreateSchema>;

export const FollowUpSchema = z.object({
  followUpId: z.number().int(),
  customerId: z.number().int(),
  followUpMethod: z.string(),
  contactPerson: z.string().nullable(),
  followUpContent: z.string(),
  customerFeedback: z.string().nullable(),
  nextFollowUpTime: z.string().nullable(),
  nextFollowUpContent: z.string().nullable(),
  followUpResult: z.string().nullable(),
  attachmentUrls: z.array(z.string()),
  createdBy: z.number().int().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const CustomerEventSchema = z.object({
  eventType: z.string(),
  fromValue: z.string().nullable(),
  toValue: z.string().nullable(),
  reasonCode: z.string().nullable(),
  reason: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
});
export type CustomerEvent = z.infer<typeof CustomerEventSchema>;

export const CustomerQuotationSchema = z.object({
  quotationId: z.number().int(),
  quotationNo: z.string(),
  quotationTitle: z.string(),
  status: z.string(),
  totalAmount: z.string(),
  validUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerQuotation = z.infer<typeof CustomerQuotationSchema>;

export const CustomerContractSchema = z.object({
  contractId: z.number().int(),
  contractNo: z.string(),
  contractTitle: z.string(),
  status: z.string(),
  contractAmount: z.string(),
  signedDate: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerContract = z.infer<typeof CustomerContractSchema>;

/** 004 §3.3 (and §5.3, without quotations and contracts). */
export const CustomerDetailSchema = z.object({
  customer: CustomerSchema,
  contacts: z.array(ContactSchema),
  quotations: z.array(CustomerQuotationSchema),
  contracts: z.array(CustomerContractSchema),
  followUps: z.array(FollowUpSchema),
  events: z.array(CustomerEventSchema).describe('阶段变更、负责人变更、公海池进出记录'),
});
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;

export const LeadDetailSchema = CustomerDetailSchema.omit({ quotations: true, contracts: true });
export type LeadDetail = z.infer<typeof LeadDetailSchema>;

export const CustomerCreatedSchema = z.object({
  customerId: z.number().int(),
  customerCode: z.string(),
  customerName: z.string(),
  customerStage: CustomerStageSchema,
  ownerId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type CustomerCreated = z.infer<typeof CustomerCreatedSchema>;

/** 004 §3.6. */
export const StageChangeSchema = z.object({ targetStage: CustomerStageSchema, stageDesc: text(255).optional() });
export type StageChange = z.infer<typeof StageChangeSchema>;
export const StageChangedSchema = z.object({
  customerId: z.number().int(),
  customerStage: CustomerStageSchema,
  stageBefore: CustomerStageSchema,
  stageAfter: CustomerStageSchema,
  stageUpdatedAt: z.string(),
});
export type StageChanged = z.infer<typeof StageChangedSchema>;

/** 004 §3.7. */
export const OwnerTransferSchema = z.object({
  newOwnerId: z.number().int().positive(),
  transferReason: text(255).min(1, '请填写转移原因'),
});
export type OwnerTransfer = z.infer<typeof OwnerTransferSchema>;

/** 004 §5.6. */
export const LeadConvertSchema = z.object({
  targetStage: z.enum(['initial_contact', 'prospect', 'negotiation', 'client']).default('client'),
  convertDesc: text(255).optional(),
});
export type LeadConvert = z.infer<typeof LeadConvertSchema>;

/** 004 §5.7. */
export const LeadAssignSchema = z.object({ ownerId: z.number().int().positive(), assignReason: text(255).optional() });
export type LeadAssign = z.infer<typeof LeadAssignSchema>;

/** 004 §5.8. */
export const LeadAbandonSchema = z.object({
  abandonReason: text(255).min(1, '请填写放弃原因'),
  lostReasonCode: LostReasonSchema.default('other'),
});
export type LeadAbandon = z.infer<typeof LeadAbandonSchema>;

/** 004 §5.10. */
export const LeadStatsQuerySchema = z.object({
  startDate: dateQuery.optional(),
  endDate: dateQuery.optional(),
  ownerId: z.coerce.number().int().positive().optional(),
});
export type LeadStatsQuery = z.infer<typeof LeadStatsQuerySchema>;

export const LeadStatsSchema = z.object({
  totalLeads: z.number().int().describe('时间范围内创建、当前仍处于线索阶段的数量'),
  byStage: z.record(z.string(), z.number().int()),
  bySource: z.record(z.string(), z.number().int()),
  createdCount: z.number().int().describe('时间范围内创建的线索/客户总数（转化率的分母）'),
  convertedCount: z.number().int(),
  conversionRate: z.number().describe('convertedCount / createdCount × 100，保留两位小数'),
  lostReasons: z.object({
    leads: z.record(z.string(), z.number().int()).describe('放入公海池的原因'),
    quotations: z.record(z.string(), z.number().int()).describe('报价单被拒绝的原因'),
  }),
});
export type LeadStats = z.infer<typeof LeadStatsSchema>;

/** 409 answer when a customer with the same name or phone exists (details of the error). */
export const DuplicateCustomerSchema = z.object({
  customerId: z.number().int(),
  customerCode: z.string(),
  customerName: z.string(),
  contactPhone: z.string().nullable(),
  ownerName: z.string().nullable(),
  matchedOn: z.array(z.enum(['name', 'phone'])),
});
export type DuplicateCustomer = z.infer<typeof DuplicateCustomerSchema>;
