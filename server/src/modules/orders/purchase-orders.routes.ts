import { z } from 'zod';
import {
  IdParamSchema,
  OrderStatusSchema,
  PurchaseOrderListQuerySchema,
  PurchaseOrderReceiveSchema,
  PurchaseOrderSchema,
  SplitConfirmSchema,
  SplitPlanSchema,
  SplitPreviewSchema,
  SplitResultSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { OrderSplitService } from './order-split.service';
import { ORDERS_TAG, orderAudit } from './orders.routes';
import type { PurchaseOrdersService } from './purchase-orders.service';

const PO_TAG = '采购单';
const PurchaseOrderReceivedSchema = z.object({
  purchaseOrder: PurchaseOrderSchema,
  orderStatus: OrderStatusSchema.describe('收货后订单的状态：全部入库时进入 PENDING_DELIVERY'),
});

/** 002 §4 拆单 (preview / confirm), the purchase orders it creates, and receiving their goods. */
export function purchaseOrderRoutes(split: OrderSplitService, purchaseOrders: PurchaseOrdersService): RouteSpec[] {
  const staff = { userType: 'staff' as const };
  return [
    route({
      ...staff,
      method: 'post',
      path: '/api/orders/:id/split/preview',
      tag: ORDERS_TAG,
      summary: '拆单预览 (002 §4.1)：按供应商分组，运费按金额比例分摊；不写入任何数据',
      description:
        '不传 items 则全部明细自动匹配供应商：指定的供应商 → 接单（jiedan）被接受的工厂 → 产品默认工厂。' +
        '每行整行交给一个供应商（数量须等于明细数量）。不传 totalShippingFee 则按订单金额 × 配置比例（默认 20%）。',
      permission: 'orders.split',
      params: IdParamSchema,
      body: SplitPreviewSchema,
      response: SplitPlanSchema,
      audit: orderAudit('split_preview'),
      handler: ({ principal, params, body }) => split.preview(principal, params.id, body),
    }),
    route({
      ...staff,
      method: 'post',
      path: '/api/orders/:id/split/confirm',
      tag: ORDERS_TAG,
      summary: '确认拆单 (002 §4.2)：创建采购单，订单 PENDING_PO → PENDING_PRODUCTION；支持 Idempotency-Key',
      description: '每个待拆单明细须恰好出现在一个采购单中；采购单号为 订单号-01、-02 …',
      permission: 'orders.split',
      idempotent: true,
      params: IdParamSchema,
      body: SplitConfirmSchema,
      response: SplitResultSchema,
      successMessage: '拆单成功',
      audit: orderAudit('split'),
      handler: ({ principal, params, body }) => split.confirm(principal, params.id, body),
    }),
    route({
      ...staff,
      method: 'get',
      path: '/api/orders/:id/purchase-orders',
      tag: ORDERS_TAG,
      summary: '订单的采购单（含明细与收货情况）',
      permission: 'orders.read',
      params: IdParamSchema,
      response: z.array(PurchaseOrderSchema),
      handler: ({ principal, params }) => purchaseOrders.listForOrder(principal, params.id),
    }),
    route({
      ...staff,
      method: 'get',
      path: '/api/purchase-orders',
      tag: PO_TAG,
      summary: '采购单列表：按工厂、订单、状态筛选，最新在前',
      permission: 'purchase_orders.read',
      query: PurchaseOrderListQuerySchema,
      response: pageSchema(PurchaseOrderSchema),
      handler: ({ principal, query }) => purchaseOrders.list(principal, query),
    }),
    route({
      ...staff,
      method: 'post',
      path: '/api/purchase-orders/:id/receive',
      tag: PO_TAG,
      summary: '采购单收货入库：按明细或整单；全部入库后订单进入 PENDING_DELIVERY',
      description:
        '已收货的明细忽略（可重复调用）；已取消的采购单不能收货。收货是外部事实：锁定或叫停的订单也记录，' +
        '叫停的订单在恢复时再流转。',
      permission: 'purchase_orders.receive',
      params: IdParamSchema,
      body: PurchaseOrderReceiveSchema,
      response: PurchaseOrderReceivedSchema,
      successMessage: '收货成功',
      audit: { module: 'purchase_orders', action: 'receive', targetType: 'purchase_order' },
      handler: ({ principal, params, body }) => purchaseOrders.receive(principal, params.id, body),
    }),
  ];
}
