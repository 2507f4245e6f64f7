import { DashboardQuerySchema, DashboardSchema } from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { DashboardService } from './dashboard.service';

/** 004 §13. */
export function dashboardRoutes(dashboard: DashboardService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/dashboard',
      tag: '数据看板',
      summary: '获取看板数据 (004 §13.1)：销售漏斗、渠道分析、业绩、回款、客户活跃度',
      description:
        '按调用者的数据范围（销售：本人客户及其报价、合同、收款、发票；主管/管理员：全部）。' +
        'startDate/endDate 为 UTC 日期（含两端），默认最近 30 天；paymentStats 为截至今天的余额，不受日期范围影响。' +
        '同一数据范围与日期范围的结果缓存 30 秒。',
      permission: 'dashboard.read',
      query: DashboardQuerySchema,
      response: DashboardSchema,
      successMessage: '查询成功',
      handler: ({ principal, query }) => dashboard.get(principal, query),
    }),
  ];
}
