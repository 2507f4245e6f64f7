import { z } from 'zod';
import {
  FactoryIdParamSchema,
  IdParamSchema,
  JiedanAcceptSchema,
  JiedanCreateSchema,
  JiedanDeletedSchema,
  JiedanDetailSchema,
  JiedanListItemSchema,
  JiedanPageQuerySchema,
  JiedanPageSchema,
  JiedanRejectSchema,
  JiedanSchema,
  JiedanStatisticsSchema,
  JiedanUpdateSchema,
  OrderIdParamSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { JiedanDecisionService } from './jiedan-decision.service';
import type { JiedanQueryService } from './jiedan-query.service';
import { DELETED_MESSAGE, type JiedanService } from './jiedan.service';

export const JIEDAN_TAG = '接单';
const audit = (action: string) => ({ module: 'jiedan', action, targetType: 'jiedan' });

/** 001: the nine endpoints of 接单管理, with 001's paths and snake_case fields inside the envelope. */
export function jiedanRoutes(bids: JiedanService, queries: JiedanQueryService, decisions: JiedanDecisionService) {
  const routes: RouteSpec[] = [
    route({
      method: 'post',
      path: '/api/jiedan',
      tag: JIEDAN_TAG,
      summary: '创建接单记录 (001 §1)：工厂以自己的身份对可接单的订单报价，同一工厂对同一订单只能接单一次 (409)',
      permission: 'jiedan.create',
      userType: 'wechat',
      body: JiedanCreateSchema,
      response: JiedanSchema,
      successMessage: '接单成功',
      audit: audit('create'),
      handler: ({ principal, body }) => bids.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/jiedan/:id',
      tag: JIEDAN_TAG,
      summary: '获取接单记录详情 (001 §2)：含订单（id、标题、描述）与工厂',
      permission: 'jiedan.read',
      params: IdParamSchema,
      response: JiedanDetailSchema,
      handler: ({ principal, params }) => queries.get(principal, params.id),
    }),
    route({
      method: 'get',
      path: '/api/orders/:orderId/jiedans',
      tag: JIEDAN_TAG,
      summary: '获取订单的接单记录列表 (001 §3)：工厂用户只看到本厂的接单',
      permission: 'jiedan.read',
      params: OrderIdParamSchema,
      response: z.array(JiedanListItemSchema),
      handler: ({ principal, params }) => queries.listForOrder(principal, params.orderId),
    }),
    route({
      method: 'get',
      path: '/api/factories/:factoryId/jiedans',
      tag: JIEDAN_TAG,
      summary: '获取工厂的接单记录列表 (001 §4)：page/pageSize（默认 1/10，最大 100），按接单时间倒序',
      permission: 'jiedan.read',
      params: FactoryIdParamSchema,
      query: JiedanPageQuerySchema,
      response: JiedanPageSchema,
      handler: ({ principal, params, query }) => queries.pageForFactory(principal, params.factoryId, query),
    }),
    route({
      method: 'post',
      path: '/api/jiedan/:id/accept',
      tag: JIEDAN_TAG,
      summary: '同意接单 (001 §5)：仅待处理的接单 (422)；同一事务内拒绝该订单其他待处理接单，并写入订单时间线',
      description: 'agree_user_id 仅为兼容 001 而接受，记录的是当前登录用户。',
      permission: 'jiedan.approve',
      userType: 'staff',
      params: IdParamSchema,
      body: JiedanAcceptSchema,
      response: JiedanSchema,
      successMessage: '已同意接单',
      audit: audit('accept'),
      handler: ({ principal, params }) => decisions.accept(principal, params.id),
    }),
    route({
      method: 'post',
      path: '/api/jiedan/:id/reject',
      tag: JIEDAN_TAG,
      summary: '拒绝接单 (001 §6)：仅待处理的接单 (422)，记录拒绝原因',
      permission: 'jiedan.approve',
      userType: 'staff',
      params: IdParamSchema,
      body: JiedanRejectSchema,
      response: JiedanSchema,
      successMessage: '已拒绝接单',
      audit: audit('reject'),
      handler: ({ principal, params, body }) => decisions.reject(principal, params.id, body.reason ?? null),
    }),
    route({
      method: 'put',
      path: '/api/jiedan/:id',
      tag: JIEDAN_TAG,
      summary:
        '更新接单记录 (001 §7)：工厂修改本厂待处理接单的 price；员工（jiedan.approve）修改 status，规则同同意/拒绝',
      permission: 'jiedan.read',
      params: IdParamSchema,
      body: JiedanUpdateSchema,
      response: JiedanSchema,
      successMessage: '更新成功',
      audit: audit('update'),
      handler: ({ principal, params, body }) => bids.update(principal, params.id, body),
    }),
    route({
      method: 'delete',
      path: '/api/jiedan/:id',
      tag: JIEDAN_TAG,
      summary:
        '删除接单记录 (001 §8，软删除)：工厂撤回本厂待处理的接单；员工（jiedan.delete）可删除可见的接单，订单已拆单的已同意接单除外',
      permission: 'jiedan.read',
      params: IdParamSchema,
      response: JiedanDeletedSchema,
      successMessage: DELETED_MESSAGE,
      audit: audit('delete'),
      handler: ({ principal, params }) => bids.remove(principal, params.id),
    }),
    route({
      method: 'get',
      path: '/api/factories/:factoryId/jiedan-statistics',
      tag: JIEDAN_TAG,
      summary: '获取接单统计信息 (001 §9)：各状态的有效接单数',
      permission: 'jiedan.read',
      params: FactoryIdParamSchema,
      response: JiedanStatisticsSchema,
      handler: ({ principal, params }) => queries.statistics(principal, params.factoryId),
    }),
  ];
  return routes;
}
