import {
  ErpMaterialIdParamSchema,
  ErpOrderIdParamSchema,
  ErpOrderSearchQuerySchema,
  ErpOrderSearchResultSchema,
  ErpPassThroughSchema,
  ErpStatusSchema,
} from '@app/shared';
import type { AppContext } from '../../http/context';
import { route, type RateLimitRule, type RouteSpec } from '../../http/route';
import type { ErpAnswer, ErpService } from './erp.service';

const TAG = '微信订单 (ERP)';
const WHO = '仅限已绑定企业的微信用户（需 orders.read），只能查看本企业订单；未绑定企业返回 403 COMPANY_NOT_BOUND。';
const CACHE = 'ERP 不可用时返回过期缓存（X-Cache: STALE，Warning 头），无缓存时 503 并带 Retry-After。';

/** Sets X-Cache (and a Warning for a stale answer) and returns the ERP object as it came. */
function passThrough(ctx: AppContext, answer: ErpAnswer) {
  ctx.set('X-Cache', answer.cache);
  if (answer.cache === 'STALE') ctx.set('Warning', '110 - "Response is Stale"');
  return answer.data;
}

/** 003 "订单相关": a WeChat customer's own company's orders, read through the ERP boundary. */
export function erpRoutes(erp: ErpService, ratePerMin: { search: number; read: number }): RouteSpec[] {
  const perUser = (points: number): RateLimitRule[] => [{ points, durationSec: 60, by: 'user' }];
  const searchLimit = perUser(ratePerMin.search);
  const readLimit = perUser(ratePerMin.read);
  return [
    route({
      method: 'get',
      path: '/api/orders/search',
      tag: TAG,
      summary: '搜索本企业订单 (003)：关键词（订单号/物料名称/物料编码）、状态、分页；报告 cacheHit 与 queryTime',
      description: `${WHO}${CACHE}`,
      userType: 'wechat',
      rateLimit: searchLimit,
      query: ErpOrderSearchQuerySchema,
      response: ErpOrderSearchResultSchema,
      successMessage: '查询成功',
      handler: async ({ principal, query, ctx }) => {
        const result = await erp.search(principal, query);
        ctx.set('X-Cache', result.stale ? 'STALE' : result.cacheHit ? 'HIT' : 'MISS');
        if (result.stale) ctx.set('Warning', '110 - "Response is Stale"');
        return result;
      },
    }),
    route({
      method: 'get',
      path: '/api/orders/:order_id/status',
      tag: TAG,
      summary: '获取订单状态 (003)：ERP 订单状态对象原样透传',
      description: `${WHO}${CACHE}本地适配器字段：order_id, order_no, customer_name, order_date, status, materials_total, materials_by_status, shipped_at, delivered_at, completed_at, updated_at。`,
      userType: 'wechat',
      rateLimit: readLimit,
      params: ErpOrderIdParamSchema,
      response: ErpPassThroughSchema,
      successMessage: '查询成功',
      handler: async ({ principal, params, ctx }) => passThrough(ctx, await erp.status(principal, params.order_id)),
    }),
    route({
      method: 'get',
      path: '/api/orders/:order_id/materials',
      tag: TAG,
      summary: '获取订单物料清单 (003)：ERP 物料清单对象原样透传（物料 = 订单明细行）',
      description: `${WHO}${CACHE}本地适配器字段：order_id, order_no, status, materials[{material_id, material_code, material_name, quantity, unit, status, factory_id, factory_name}]。`,
      userType: 'wechat',
      rateLimit: readLimit,
      params: ErpOrderIdParamSchema,
      response: ErpPassThroughSchema,
      successMessage: '查询成功',
      handler: async ({ principal, params, ctx }) => passThrough(ctx, await erp.materials(principal, params.order_id)),
    }),
    route({
      method: 'get',
      path: '/api/materials/:material_id/progress',
      tag: TAG,
      summary: '获取物料生产进度 (003)：ERP 物料进度对象原样透传（生产该物料的工厂在该订单上的进度）',
      description: `${WHO}${CACHE}本地适配器字段：物料字段 + order_id, order_no, progress[{id, type, status, description, start_time, completed_time, planned_time, images, thumbnails, created_at, updated_at}]。`,
      userType: 'wechat',
      rateLimit: readLimit,
      params: ErpMaterialIdParamSchema,
      response: ErpPassThroughSchema,
      successMessage: '查询成功',
      handler: async ({ principal, params, ctx }) =>
        passThrough(ctx, await erp.materialProgress(principal, params.material_id)),
    }),
    route({
      method: 'get',
      path: '/api/erp/status',
      tag: '系统监控',
      summary: 'ERP 接口状态监控 (003)：最近 1 小时各 ERP 端点调用量、平均耗时、错误率/成功率，及熔断器状态',
      permission: 'monitor.read',
      userType: 'staff',
      response: ErpStatusSchema,
      successMessage: '查询成功',
      handler: () => erp.callStatus(),
    }),
  ];
}
