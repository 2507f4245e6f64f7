import { z } from 'zod';
import {
  ProgressCreateSchema,
  ProgressOrderParamsSchema,
  ProgressParamsSchema,
  ProgressSchema,
  ProgressUpdateSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { ProgressService } from './progress.service';

export const PROGRESS_TAG = '生产进度';
const audit = (action: string) => ({ module: 'progress', action, targetType: 'order_progress' });

/** 000 §1-2, and a factory's corrections of its own posts. */
export function progressRoutes(progress: ProgressService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/orders/:orderId/progress',
      tag: PROGRESS_TAG,
      summary: '获取订单进度列表 (000 §2)：按时间先后；工厂只看到本厂的记录，绑定客户看到本公司订单的全部记录',
      description:
        '每条记录含图片与缩略图、计划完成时间与填报人。某阶段最新一条记录超过计划完成时间且未完成时，status 显示为 delayed（reported_status 为填报的状态）。',
      permission: 'progress.read',
      params: ProgressOrderParamsSchema,
      response: z.array(ProgressSchema),
      handler: ({ principal, params }) => progress.list(principal, params.orderId),
    }),
    route({
      method: 'post',
      path: '/api/orders/:orderId/progress',
      tag: PROGRESS_TAG,
      summary:
        '创建订单进度 (000 §1)：为本厂承接（已同意的接单或采购单）的订单填报阶段进度与照片；支持 Idempotency-Key',
      description:
        'images 为上传接口返回的图片地址（最多 9 张）。同一 Idempotency-Key 的重复提交（如手机上连点两次）只生成一条记录。新进度会写入订单时间线并通知绑定的客户。',
      permission: 'progress.write',
      userType: 'wechat',
      idempotent: true,
      params: ProgressOrderParamsSchema,
      body: ProgressCreateSchema,
      response: ProgressSchema,
      successMessage: '进度已提交',
      audit: audit('create'),
      handler: ({ principal, params, body }) => progress.create(principal, params.orderId, body),
    }),
    route({
      method: 'put',
      path: '/api/orders/:orderId/progress/:id',
      tag: PROGRESS_TAG,
      summary: '修改本厂的一条进度记录：状态、说明、时间、计划完成时间、图片（修改前的内容保留在订单时间线）',
      permission: 'progress.write',
      userType: 'wechat',
      params: ProgressParamsSchema,
      body: ProgressUpdateSchema,
      response: ProgressSchema,
      successMessage: '进度已修改',
      audit: audit('update'),
      handler: ({ principal, params, body }) => progress.update(principal, params.orderId, params.id, body),
    }),
    route({
      method: 'delete',
      path: '/api/orders/:orderId/progress/:id',
      tag: PROGRESS_TAG,
      summary: '删除本厂的一条进度记录（软删除，内容保留在订单时间线）',
      permission: 'progress.write',
      userType: 'wechat',
      params: ProgressParamsSchema,
      response: z.object({ id: z.number(), deleted: z.literal(true) }),
      successMessage: '进度记录已删除',
      audit: audit('delete'),
      handler: ({ principal, params }) => progress.remove(principal, params.orderId, params.id),
    }),
  ];
}
