import { z } from 'zod';
import {
  IdParamSchema,
  OrderCreateSchema,
  OrderCreatedSchema,
  OrderDetailSchema,
  OrderEventSchema,
  OrderListQuerySchema,
  OrderSummarySchema,
  OrderUpdateSchema,
  OrderUpdatedSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { OrdersService } from './orders.service';

export const ORDERS_TAG = '订单';
export const orderAudit = (action: string) => ({ module: 'orders', action, targetType: 'order' });

/** 002 §2 and the order timeline. Staff only: customers read orders through 003, factories through their own routes. */
export function orderRoutes(orders: OrdersService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/orders',
      tag: ORDERS_TAG,
      summary: '从已接受（WON）的报价单创建订单 (002 §2.1)；支持 Idempotency-Key',
      description:
        '现结（PREPAID）客户须填 paymentAmount 与 paymentProofImg；月结（MONTHLY）客户须填 confirmationImg。每张报价单只能创建一个订单。',
      permission: 'orders.create',
      userType: 'staff',
      idempotent: true,
      body: OrderCreateSchema,
      response: OrderCreatedSchema,
      successMessage: '订单创建成功',
      audit: orderAudit('create'),
      handler: ({ principal, body }) => orders.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/orders',
      tag: ORDERS_TAG,
      summary: '订单列表 (002 §2.2)：状态可多选，日期、客户、销售、关键词（客户名/订单号）',
      permission: 'orders.read',
      userType: 'staff',
      query: OrderListQuerySchema,
      response: pageSchema(OrderSummarySchema),
      handler: ({ principal, query }) => orders.list(principal, query),
    }),
    route({
      method: 'get',
      path: '/api/orders/:id',
      tag: ORDERS_TAG,
      summary: '订单详情 (002 §2.3)：含明细、快照、逐行交付状态与已送达占比',
      permission: 'orders.read',
      userType: 'staff',
      params: IdParamSchema,
      response: OrderDetailSchema,
      handler: ({ principal, params }) => orders.get(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/orders/:id',
      tag: ORDERS_TAG,
      summary: '更新订单非核心字段 (002 §2.4)：配送地址、备注、客户采购单号',
      permission: 'orders.update',
      userType: 'staff',
      params: IdParamSchema,
      body: OrderUpdateSchema,
      response: OrderUpdatedSchema,
      successMessage: '更新成功',
      audit: orderAudit('update'),
      handler: ({ principal, params, body }) => orders.update(principal, params.id, body),
    }),
    route({
      method: 'get',
      path: '/api/orders/:id/timeline',
      tag: ORDERS_TAG,
      summary: '订单时间线：状态变化、锁定、拆单、收货、发货、物流、变更、撤单、叫停与生产进度',
      permission: 'orders.read',
      userType: 'staff',
      params: IdParamSchema,
      response: z.array(OrderEventSchema),
      handler: ({ principal, params }) => orders.timeline(principal, params.id),
    }),
  ];
}
