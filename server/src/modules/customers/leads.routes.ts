import {
  CustomerSchema,
  FollowUpCreateSchema,
  FollowUpSchema,
  IdParamSchema,
  ImportReportSchema,
  LEAD_STAGES,
  LeadAbandonSchema,
  LeadAssignSchema,
  LeadConvertSchema,
  LeadCreateSchema,
  LeadDetailSchema,
  LeadListQuerySchema,
  LeadStatsQuerySchema,
  LeadStatsSchema,
  CustomerCreatedSchema,
  CustomerUpdateSchema,
  pageSchema,
} from '@app/shared';
import { readMultipartFile } from '../../http/multipart';
import { route, type RouteSpec } from '../../http/route';
import { leadCreateOptions } from './customer-access';
import type { CrmExcelService } from './crm-excel.service';
import type { CustomerPipelineService } from './customer-pipeline.service';
import type { CustomersService } from './customers.service';
import type { LeadStatisticsService } from './lead-statistics.service';

const TAG = '线索管理';
const LEAD = { leadOnly: true } as const;
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** 004 §5: leads are customers in the lead stages (DESIGN.md); the public pool is `ownerId = null`. */
export function leadRoutes(
  customers: CustomersService,
  pipeline: CustomerPipelineService,
  stats: LeadStatisticsService,
  excel: CrmExcelService,
): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/leads',
      tag: TAG,
      summary: '线索列表 (004 §5.1)：销售看到本人线索与公海池；ownerId=0 或 pool=1 只看公海池',
      permission: 'leads.read',
      query: LeadListQuerySchema,
      response: pageSchema(CustomerSchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => {
        const { pool, ...rest } = query;
        const filter = { ...rest, ownerId: pool === 1 ? 0 : rest.ownerId, stages: LEAD_STAGES };
        return customers.list(principal, filter, 'visible');
      },
    }),
    route({
      method: 'post',
      path: '/api/leads',
      tag: TAG,
      summary: '创建线索 (004 §5.2)；不指定负责人时销售本人负责，新媒体录入的进入公海池；重复时 409',
      permission: 'leads.create',
      body: LeadCreateSchema,
      response: CustomerCreatedSchema,
      successMessage: '创建成功',
      audit: {
        module: 'leads',
        action: 'create',
        targetType: 'customer',
        target: (_p, r) => (r as { customerId: number }).customerId,
      },
      handler: ({ principal, body }) => customers.create(principal, body, leadCreateOptions(principal)),
    }),
    route({
      method: 'get',
      path: '/api/leads/statistics',
      tag: TAG,
      summary: '线索统计分析 (004 §5.10)：按阶段、来源，转化率与流失原因',
      permission: 'leads.stats',
      query: LeadStatsQuerySchema,
      response: LeadStatsSchema,
      successMessage: '查询成功',
      handler: ({ principal, query }) => stats.statistics(principal, query),
    }),
    route({
      method: 'post',
      path: '/api/leads/import',
      tag: TAG,
      summary: '批量导入线索 (004 §5.9)：.xlsx，逐行校验，重复或无效的行列入 errors',
      permission: 'leads.import',
      upload: { field: 'file', description: 'Excel 文件（.xlsx，≤ 5 MB，≤ 5000 行；表头同客户导出，客户名称必填）' },
      rateLimit: [{ points: 10, durationSec: 60, by: 'user' }],
      response: ImportReportSchema,
      successMessage: '导入完成',
      audit: { module: 'leads', action: 'import', targetType: 'customer', target: () => null },
      handler: async ({ principal, ctx }) =>
        excel.importLeads(principal, (await readMultipartFile(ctx, 'file', MAX_IMPORT_BYTES)).data),
    }),
    route({
      method: 'get',
      path: '/api/leads/:id',
      tag: TAG,
      summary: '线索详情 (004 §5.3)',
      permission: 'leads.read',
      params: IdParamSchema,
      response: LeadDetailSchema,
      successMessage: '查询成功',
      handler: async ({ principal, params }) => {
        const { quotations: _q, contracts: _c, ...lead } = await customers.detail(principal, params.id, LEAD);
        return lead;
      },
    }),
    route({
      method: 'put',
      path: '/api/leads/:id',
      tag: TAG,
      summary: '更新线索 (004 §5.4)',
      permission: 'leads.update',
      params: IdParamSchema,
      body: CustomerUpdateSchema,
      response: CustomerSchema,
      successMessage: '修改成功',
      audit: { module: 'leads', action: 'update', targetType: 'customer' },
      handler: ({ principal, params, body }) => customers.update(principal, params.id, body, LEAD),
    }),
    route({
      method: 'post',
      path: '/api/leads/:id/follow-up',
      tag: TAG,
      summary: '添加跟进记录 (004 §5.5)，更新最近/下次跟进时间',
      permission: 'leads.update',
      params: IdParamSchema,
      body: FollowUpCreateSchema,
      response: FollowUpSchema,
      successMessage: '添加成功',
      audit: { module: 'leads', action: 'follow_up', targetType: 'customer' },
      handler: ({ principal, params, body }) => pipeline.addFollowUp(principal, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/leads/:id/convert',
      tag: TAG,
      summary: '线索转客户 (004 §5.6)：推进到更靠后的阶段并计入转化',
      permission: 'leads.update',
      params: IdParamSchema,
      body: LeadConvertSchema,
      response: CustomerSchema,
      successMessage: '转化成功',
      audit: { module: 'leads', action: 'convert', targetType: 'customer' },
      handler: ({ principal, params, body }) => pipeline.convert(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/leads/:id/assign',
      tag: TAG,
      summary: '分配线索 (004 §5.7)',
      permission: 'leads.assign',
      params: IdParamSchema,
      body: LeadAssignSchema,
      response: CustomerSchema,
      successMessage: '分配成功',
      audit: { module: 'leads', action: 'assign', targetType: 'customer' },
      handler: ({ principal, params, body }) => pipeline.assign(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/leads/:id/pool',
      tag: TAG,
      summary: '放弃线索，放入公海池 (004 §5.8)；原因计入流失统计',
      permission: 'leads.update',
      params: IdParamSchema,
      body: LeadAbandonSchema,
      response: CustomerSchema,
      successMessage: '已放入公海池',
      audit: { module: 'leads', action: 'abandon', targetType: 'customer' },
      handler: ({ principal, params, body }) => pipeline.abandon(principal, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/leads/:id/claim',
      tag: TAG,
      summary: '从公海池领取线索；并发领取时只有一人成功',
      permission: 'leads.update',
      params: IdParamSchema,
      response: CustomerSchema,
      successMessage: '领取成功',
      audit: { module: 'leads', action: 'claim', targetType: 'customer' },
      handler: ({ principal, params }) => pipeline.claim(principal, params.id),
    }),
  ];
}
