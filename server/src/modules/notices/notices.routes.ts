import { z } from 'zod';
import {
  NoticeTemplateSchema,
  SubscriptionGrantSchema,
  SubscriptionStateSchema,
  TemplateMessageResultSchema,
  TemplateMessageSendSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { OrderNoticesService } from './order-notices.service';
import type { WechatMessagesService } from './wechat-messages.service';
import { RATE_LIMITS } from '../../http/rate-limits';

export const WECHAT_MESSAGES_TAG = '微信消息';
const audit = (action: string) => ({ module: 'wechat', action, targetType: 'wechat_message' });

/** 003 微信消息相关, and the grants behind it. */
export function noticeRoutes(messages: WechatMessagesService, notices: OrderNoticesService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/wechat/template-msg',
      tag: WECHAT_MESSAGES_TAG,
      summary: '发送订阅模板消息 (003)：发给当前微信用户本人，消耗一次该模板的订阅授权，并记录发送日志',
      description:
        'data 按微信订阅消息的字段类型检查（thing ≤ 20 字、character_string ≤ 32 位、phrase ≤ 5 个汉字、time/date 格式等），不符合时返回 400 并指明字段。' +
        '用户没有该模板的订阅授权，或微信返回 43101（用户拒绝接收）时返回 409「用户未订阅该消息」。',
      permission: 'wechat.send',
      userType: 'wechat',
      rateLimit: RATE_LIMITS.templateMessage,
      body: TemplateMessageSendSchema,
      response: TemplateMessageResultSchema,
      successMessage: '消息发送成功',
      audit: { ...audit('send'), target: () => null },
      handler: ({ principal, body }) => messages.send(principal, body),
    }),
    route({
      method: 'post',
      path: '/api/wechat/subscriptions',
      tag: WECHAT_MESSAGES_TAG,
      summary: '记录订阅授权：提交 wx.requestSubscribeMessage 的结果，每个 accept 允许发送该模板一次',
      description:
        'results 为 {模板ID: accept|reject|ban|filter}，与 requestSubscribeMessage 的返回一致。accept 累加一次可发送次数；ban 清零。',
      permission: 'wechat.send',
      userType: 'wechat',
      body: SubscriptionGrantSchema,
      response: z.array(SubscriptionStateSchema),
      successMessage: '订阅已记录',
      audit: { ...audit('subscribe'), target: () => null },
      handler: ({ principal, body }) => messages.recordGrants(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/wechat/subscriptions',
      tag: WECHAT_MESSAGES_TAG,
      summary: '查询本人各模板的剩余可发送次数',
      permission: 'wechat.send',
      userType: 'wechat',
      response: z.array(SubscriptionStateSchema),
      handler: ({ principal }) => messages.listGrants(principal),
    }),
    route({
      method: 'get',
      path: '/api/wechat/notice-templates',
      tag: WECHAT_MESSAGES_TAG,
      summary: '可订阅的订单通知及其模板ID（小程序调用 requestSubscribeMessage 前读取）',
      description: '只列出已配置模板的通知：progress 生产进度、shipped 发货、delivered 签收。',
      permission: 'wechat.send',
      userType: 'wechat',
      response: z.array(NoticeTemplateSchema),
      handler: async () => notices.templates(),
    }),
  ];
}
