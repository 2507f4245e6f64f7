import getRawBody from 'raw-body';
import { z } from 'zod';
import {
  DeliveryRequestSchema,
  IdParamSchema,
  LogisticsInputSchema,
  LogisticsTrackSchema,
  MoneyOutSchema,
  OrderStatusSchema,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import type { AppContext } from '../../http/context';
import { failureBody } from '../../http/envelope';
import { publicRoute, route, type RouteSpec } from '../../http/route';
import { KUAIDI100_PUSH_OK } from '../../integrations/logistics/kuaidi100-protocol';
import type { PushForm } from '../../integrations/logistics/logistics.client';
import type { OrderDeliveryService } from './order-delivery.service';
import type { OrderLogisticsService } from './order-logistics.service';
import { ORDERS_TAG as TAG, orderAudit as audit } from './orders.routes';

/** A Kuaidi100 push carries one parcel's whole track; far below this. */
const PUSH_BODY_LIMIT = 256 * 1024;

const DeliveryRequestedSchema = z.object({
  id: z.number().int(),
  status: OrderStatusSchema,
  deliveryAddress: z.string(),
  scheduledDate: z.string().nullable(),
  updatedAt: z.string(),
});
const LogisticsSchema = z.object({
  id: z.number().int(),
  logisticsCompany: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippingFee: MoneyOutSchema.nullable(),
  updatedAt: z.string(),
});
const ShippedSchema = LogisticsSchema.extend({ status: OrderStatusSchema, shippedAt: z.string() });
const ManualSignSchema = z.object({
  signedBy: z.string().trim().max(64).optional().describe('签收人'),
  note: z.string().trim().max(255).optional(),
  signedAt: z.iso
    .datetime({ offset: true, message: '签收时间须为 ISO 8601 时间' })
    .optional()
    .describe('签收时间，默认当前时间；不得晚于当前时间，不得早于发货时间'),
});
const SignedSchema = z.object({
  id: z.number().int(),
  status: OrderStatusSchema,
  deliveredAt: z.string(),
  updatedAt: z.string(),
});

/** The callback's form body (`param=<json>&sign=<md5>`), read here because the router only reads JSON. */
async function readPushForm(ctx: AppContext): Promise<PushForm> {
  let text: string;
  try {
    text = await getRawBody(ctx.req, { length: ctx.request.length, limit: PUSH_BODY_LIMIT, encoding: 'utf8' });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('BAD_REQUEST', '无法读取请求体');
  }
  const form = new URLSearchParams(text);
  return { param: form.get('param'), sign: form.get('sign') };
}

/** 002 §5 delivery (and a receipt recorded by hand), §6 logistics, and the Kuaidi100 push callback. */
export function orderDeliveryRoutes(delivery: OrderDeliveryService, logistics: OrderLogisticsService): RouteSpec[] {
  const common = { tag: TAG, userType: 'staff' as const, params: IdParamSchema };
  return [
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/delivery/request',
      summary: '申请发货 (002 §5.1)：仅待发货（PENDING_DELIVERY），全部商品须已入库；有待审批撤单时拒绝',
      permission: 'orders.delivery',
      body: DeliveryRequestSchema,
      response: DeliveryRequestedSchema,
      successMessage: '已申请发货',
      audit: audit('delivery_request'),
      handler: ({ principal, params, body }) => delivery.request(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/delivery/confirm',
      summary: '确认发货 (002 §5.2)：PENDING_SHIPMENT → SHIPPED，随后订阅快递100推送；支持 Idempotency-Key',
      permission: 'orders.delivery',
      idempotent: true,
      body: LogisticsInputSchema,
      response: ShippedSchema,
      successMessage: '已确认发货',
      audit: audit('delivery_confirm'),
      handler: ({ principal, params, body }) => delivery.confirm(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'post',
      path: '/api/orders/:id/delivery/sign',
      summary: '手动签收：自提或无快递100跟踪时记录客户签收，SHIPPED → DELIVERED（明细同步）；锁定订单拒绝',
      permission: 'orders.delivery',
      body: ManualSignSchema,
      response: SignedSchema,
      successMessage: '已确认签收',
      audit: audit('delivery_sign'),
      handler: ({ principal, params, body }) => delivery.sign(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'put',
      path: '/api/orders/:id/logistics',
      summary: '更新物流信息 (002 §6.1)：仅待发货/已发货；运单号变化时重新订阅推送',
      permission: 'orders.update',
      body: LogisticsInputSchema,
      response: LogisticsSchema,
      successMessage: '更新成功',
      audit: audit('logistics_update'),
      handler: ({ principal, params, body }) => logistics.update(principal, params.id, body),
    }),
    route({
      ...common,
      method: 'get',
      path: '/api/orders/:id/logistics-track',
      summary: '查询物流轨迹 (002 §6.2)：实时查询快递100；快递已签收则订单自动变为已送达',
      permission: 'orders.read',
      response: LogisticsTrackSchema,
      handler: ({ principal, params }) => logistics.track(principal, params.id),
    }),
    publicRoute({
      method: 'post',
      path: '/api/logistics/kuaidi100/callback',
      tag: TAG,
      summary:
        '快递100 推送回调（无需登录）：表单 param/sign，sign = MD5(param + salt) 大写；' +
        '成功应答 {"result":true,"returnCode":"200","message":"成功"}，签名错误应答 401 且 result=false',
      audit: { module: 'orders', action: 'logistics_push', targetType: 'order' },
      handler: async ({ ctx }) => {
        try {
          await logistics.acceptPush(await readPushForm(ctx));
          ctx.status = 200;
          ctx.body = { ...KUAIDI100_PUSH_OK };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          // Kuaidi100 reads `result`/`returnCode`; our clients read the envelope: the refusal carries both.
          ctx.status = err.status;
          ctx.body = { ...failureBody(err), result: false, returnCode: String(err.status) };
        }
        return undefined;
      },
    }),
  ];
}
