import {
  IdParamSchema,
  QuotationCreateSchema,
  QuotationDetailSchema,
  QuotationItemInputSchema,
  QuotationItemParamsSchema,
  QuotationListQuerySchema,
  QuotationSummarySchema,
  QuotationUpdateSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { QuotationEditService } from './quotation-edit.service';
import type { QuotationsService } from './quotations.service';

export const QUOTATIONS_TAG = '报价单管理';
const TAG = QUOTATIONS_TAG;

/** 004 §6.1-6.6: quotations and their items. Sales see their own quotations; data.all sees every one. */
export function quotationRoutes(quotations: QuotationsService, edits: QuotationEditService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/quotations',
      tag: TAG,
      summary: '创建报价单 (004 §6.1)',
      description:
        '编号 QUOT-<年>-001；负责人为客户的负责人。折扣额、折扣率、小计与合计均由服务端精确计算，请求中的 discountRate 被忽略。',
      permission: 'quotations.create',
      body: QuotationCreateSchema,
      response: QuotationDetailSchema,
      successMessage: '创建成功',
      audit: {
        module: 'quotations',
        action: 'create',
        targetType: 'quotation',
        target: (_p, r) => (r as { quotationId: number }).quotationId,
      },
      handler: ({ principal, body }) => quotations.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/quotations',
      tag: TAG,
      summary: '报价单列表 (004 §6.2)：客户、状态、负责人、创建日期，新的在前',
      permission: 'quotations.read',
      query: QuotationListQuerySchema,
      response: pageSchema(QuotationSummarySchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => quotations.list(principal, query),
    }),
    route({
      method: 'get',
      path: '/api/quotations/:id',
      tag: TAG,
      summary: '报价单详情 (004 §6.3)：含产品明细、版本关系与状态历史',
      permission: 'quotations.read',
      params: IdParamSchema,
      response: QuotationDetailSchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => quotations.get(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/quotations/:id',
      tag: TAG,
      summary: '修改报价单 (004 §6.4)',
      description:
        '草稿直接修改；已发送的报价单生成新版本（QUOT-2026-001-V2，草稿），原报价单变为 superseded，返回新版本。items 替换全部产品。',
      permission: 'quotations.update',
      params: IdParamSchema,
      body: QuotationUpdateSchema,
      response: QuotationDetailSchema,
      successMessage: '修改成功',
      audit: { module: 'quotations', action: 'update', targetType: 'quotation' },
      handler: ({ principal, params, body }) => edits.update(principal, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/quotations/:id/items',
      tag: TAG,
      summary: '添加报价单产品 (004 §6.5)：仅草稿',
      permission: 'quotations.update',
      params: IdParamSchema,
      body: QuotationItemInputSchema,
      response: QuotationDetailSchema,
      successMessage: '添加成功',
      audit: { module: 'quotations', action: 'add_item', targetType: 'quotation' },
      handler: ({ principal, params, body }) => edits.addItem(principal, params.id, body),
    }),
    route({
      method: 'delete',
      path: '/api/quotations/:id/items/:itemId',
      tag: TAG,
      summary: '删除报价单产品 (004 §6.6)：仅草稿，软删除并重算合计',
      permission: 'quotations.update',
      params: QuotationItemParamsSchema,
      response: QuotationDetailSchema,
      successMessage: '删除成功',
      audit: { module: 'quotations', action: 'remove_item', targetType: 'quotation' },
      handler: ({ principal, params }) => edits.removeItem(principal, params.id, params.itemId),
    }),
  ];
}
