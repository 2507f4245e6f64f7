import { z } from 'zod';

const templateId = z
  .string({ error: 'templateId 必须为字符串' })
  .trim()
  .min(1, 'templateId 不能为空')
  .max(128, 'templateId 不能超过128个字符')
  .regex(/^[A-Za-z0-9_-]+$/, 'templateId 格式错误');

/** 003 发送订阅模板消息: values are checked against WeChat's per-kind limits by the service. */
export const TemplateMessageSendSchema = z.object({
  templateId,
  data: z.record(
    z.string().max(64),
    z.object({ value: z.string({ error: 'data 的 value 必须为字符串' }).max(200, 'data 的 value 过长') }),
    { error: 'data 必须为对象，如 {"thing1": {"value": "..."}}' },
  ),
  page: z.string().trim().max(1024, 'page 不能超过1024个字符').optional(),
});
export type TemplateMessageSend = z.infer<typeof TemplateMessageSendSchema>;

export const TemplateMessageResultSchema = z.object({
  msgid: z.string(),
  status: z.literal('sent'),
  /** Epoch milliseconds (003). */
  sendTime: z.number(),
});

/** What `wx.requestSubscribeMessage` answers per template. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;

export const SubscriptionGrantSchema = z.object({
  results: z
    .record(templateId, z.enum(SUBSCRIBE_RESULTS, { error: 'results 的值须为 accept、reject、ban 或 filter' }), {
      error: 'results 必须为对象，如 {"<templateId>": "accept"}',
    })
    .refine((r) => Object.keys(r).length > 0 && Object.keys(r).length <= 20, 'results 须包含1到20个模板'),
});
export type SubscriptionGrant = z.infer<typeof SubscriptionGrantSchema>;

export const SubscriptionStateSchema = z.object({
  templateId: z.string(),
  /** Sends still allowed for this template. */
  remaining: z.number().int(),
  lastResult: z.string(),
});
export type SubscriptionState = z.infer<typeof SubscriptionStateSchema>;

/** A notice the server sends (003: progress, shipped, delivered) and the subscribe-message template behind it. */
export const NoticeTemplateSchema = z.object({
  event: z.enum(['progress', 'shipped', 'delivered']),
  templateId: z.string(),
  title: z.string(),
});
export type NoticeTemplate = z.infer<typeof NoticeTemplateSchema>;
