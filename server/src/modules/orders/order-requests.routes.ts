import {
  ApproveSchema,
  ChangeRequestCreateSchema,
  IdParamSchema,
  OrderCancelResultSchema,
  OrderCancelSchema,
  RejectSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { OrderCancelService } from './order-cancel.service';
import type { OrderChangeService } from './order-change.service';
import {
  CancelDecisionSchema,
  CancelRequestListSchema,
  ChangeDecisionSchema,
  ChangeRequestCreatedSchema,
  ChangeRequestListSchema,
  RequestRejectedSchema,
} from './order-requests.mapper';
import { ORDERS_TAG as TAG, orderAudit } from './orders.routes';

const onRequest = (action: string, targetType: string) => ({ module: 'orders', action, targetType });

/** 002 §7 change requests and §8 cancel (with its approval flow). Staff only. */
export function orderRequestRoutes(changes: OrderChangeService, cancels: OrderCancelService): RouteSpec[] {
  const common = { tag: TAG, userType: 'staff' as const, params: IdParamSchema };
  return [
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/change-requests',
      summary: '创建变更请求 (002 §7.1)：仅待确认深化图/待下采购单；自动计算差价；每单同时只能有一个待审批请求',
      description:
        'ADD_ITEM：originalItems 为空、newItems ≥ 1；REMOVE_ITEM：originalItems ≥ 1（带 id）、newItems 为空；MODIFY_ITEM：两者各 ≥ 1。原明细以数据库为准。新明细须有 productName、quantity，以及 subtotal 或 unitPrice（只给单价时小计 = 单价 × 数量，四舍五入到分；给了小计则以小计为准）。',
      permission: 'orders.update',
      body: ChangeRequestCreateSchema,
      response: ChangeRequestCreatedSchema,
      successMessage: '变更请求已提交，待店长审批',
      audit: orderAudit('change_request'),
      handler: ({ principal, params, body }) => changes.create(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'get',
      path: '/api/orders/:id/change-requests',
      summary: '变更历史 (002 §7.2)：新的在前',
      permission: 'orders.read',
      response: ChangeRequestListSchema,
      handler: ({ principal, params }) => changes.list(principal, params.id),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/change-requests/:id/approve',
      summary:
        '审批变更请求 (002 §7.3)：通过即在同一事务内应用变更（删原明细、加新明细、调整订单金额）；approved=false 即拒绝',
      permission: 'orders.approve',
      body: ApproveSchema,
      response: ChangeDecisionSchema,
      successMessage: '审批完成',
      audit: onRequest('change_approve', 'change_request'),
      handler: ({ principal, params, body }) => changes.approve(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/change-requests/:id/reject',
      summary: '拒绝变更请求 (002 §7.4)',
      permission: 'orders.approve',
      body: RejectSchema,
      response: RequestRejectedSchema,
      successMessage: '已拒绝',
      audit: onRequest('change_reject', 'change_request'),
      handler: ({ principal, params, body }) => changes.reject(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/cancel',
      summary: '撤单 (002 §8.1)：待下采购单直接撤销；生产中等状态（含已叫停）提交撤单申请待店长审批',
      description: '已发货、已送达、已完成、已取消的订单不能撤单（CANNOT_CANCEL_ORDER）。',
      permission: 'orders.cancel',
      body: OrderCancelSchema,
      response: OrderCancelResultSchema,
      successMessage: '撤单成功',
      audit: orderAudit('cancel'),
      handler: async ({ principal, params, body, ctx }) => {
        const result = await cancels.cancel(principal, params.id, body);
        if (result.approvalRequired) ctx.state.successMessage = '撤单申请已提交，待店长审批';
        return result;
      },
    }),
    route({
      ...common,
      method: 'get',
      path: '/api/orders/:id/cancel-requests',
      summary: '撤单申请记录：新的在前',
      permission: 'orders.read',
      response: CancelRequestListSchema,
      handler: ({ principal, params }) => cancels.list(principal, params.id),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/cancel-requests/:id/approve',
      summary: '审批撤单申请：通过即撤销订单及其未入库的采购单；approved=false 即拒绝',
      permission: 'orders.approve',
      body: ApproveSchema,
      response: CancelDecisionSchema,
      successMessage: '审批完成',
      audit: onRequest('cancel_approve', 'cancel_request'),
      handler: ({ principal, params, body }) => cancels.approve(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/cancel-requests/:id/reject',
      summary: '拒绝撤单申请',
      permission: 'orders.approve',
      body: RejectSchema,
      response: RequestRejectedSchema,
      successMessage: '已拒绝',
      audit: onRequest('cancel_reject', 'cancel_request'),
      handler: ({ principal, params, body }) => cancels.reject(principal, params.id, body),
    }),
  ];
}
