import {
  HaltResultSchema,
  HaltSchema,
  IdParamSchema,
  OrderLockSchema,
  ReasonSchema,
  ResumeResultSchema,
  ResumeSchema,
  StatusChangeSchema,
} from '@app/shared';
import { z } from 'zod';
import { route, type RouteSpec } from '../../http/route';
import type { OrderControlService } from './order-control.service';
import { ORDERS_TAG as TAG, orderAudit as audit } from './orders.routes';

const OptionalReasonSchema = z.object({ reason: z.string().trim().max(255).optional() });

/** 002 §3 lock/unlock, §9 halt/resume, and the two steps 002 leaves implicit (drawings confirmed, completed). */
export function orderControlRoutes(control: OrderControlService): RouteSpec[] {
  const common = { tag: TAG, userType: 'staff' as const, params: IdParamSchema };
  return [
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/lock',
      summary: '锁定订单 (002 §3.1)：锁定后拒绝一切修改（ORDER_LOCKED），原因记入时间线与操作日志',
      permission: 'orders.lock',
      body: ReasonSchema,
      response: OrderLockSchema,
      successMessage: '已锁定',
      audit: audit('lock'),
      handler: ({ principal, params, body }) => control.lock(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/unlock',
      summary: '解锁订单 (002 §3.2)：仅店长/管理员',
      permission: 'orders.unlock',
      body: ReasonSchema,
      response: OrderLockSchema,
      successMessage: '已解锁',
      audit: audit('unlock'),
      handler: ({ principal, params, body }) => control.unlock(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/halt',
      summary: '叫停订单 (002 §9.1)：记录叫停前状态；默认 48 小时后自动恢复，最长 7 天',
      permission: 'orders.halt',
      body: HaltSchema,
      response: HaltResultSchema,
      successMessage: '已叫停',
      audit: audit('halt'),
      handler: ({ principal, params, body }) => control.halt(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/resume',
      summary: '恢复订单 (002 §9.2)：恢复至叫停前状态',
      permission: 'orders.halt',
      body: ResumeSchema,
      response: ResumeResultSchema,
      successMessage: '已恢复',
      audit: audit('resume'),
      handler: ({ principal, params, body }) => control.resume(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/confirm-drawing',
      summary: '客户确认深化图：PENDING_CONFIRMATION → PENDING_PO',
      permission: 'orders.update',
      body: OptionalReasonSchema,
      response: StatusChangeSchema,
      successMessage: '已确认深化图',
      audit: audit('confirm_drawing'),
      handler: ({ principal, params, body }) => control.confirmDrawing(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/complete',
      summary: '完成订单：DELIVERED → COMPLETED',
      permission: 'orders.delivery',
      response: StatusChangeSchema,
      successMessage: '订单已完成',
      audit: audit('complete'),
      handler: ({ principal, params }) => control.complete(principal, params.id),
    }),
  ];
}
