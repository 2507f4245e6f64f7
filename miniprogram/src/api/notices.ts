import type { NoticeTemplate, SubscriptionState } from '@app/shared';
import type { SubscribeResult } from '../platform/subscribe';
import { request } from './request';

/** The notices this deployment sends (progress, shipped, delivered) with their template ids. */
export const fetchNoticeTemplates = () => request<NoticeTemplate[]>('/api/wechat/notice-templates');

/** What the user chose in WeChat's subscribe dialog; each accept allows one notice. */
export const recordGrants = (results: Record<string, SubscribeResult>) =>
  request<SubscriptionState[]>('/api/wechat/subscriptions', { method: 'POST', data: { results } });

export const fetchGrants = () => request<SubscriptionState[]>('/api/wechat/subscriptions');
