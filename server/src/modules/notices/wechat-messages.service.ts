import type { SubscriptionGrant, TemplateMessageSend } from '@app/shared';
import { AppError } from '../../http/app-error';
import { checkTemplateData } from '../../integrations/wechat/wechat-template-data';
import type { Clock } from '../../platform/clock';
import type { Principal } from '../access/principal';
import type { NoticesRepository, SubscriptionRecord } from './notices.repository';
import type { SubscribeSender } from './subscribe-sender';

/** 003 发送订阅模板消息 (a WeChat user to itself) and the grants `requestSubscribeMessage` gave. */
export class WechatMessagesService {
  constructor(private readonly d: { repository: NoticesRepository; sender: SubscribeSender; clock: Clock }) {}

  async send(principal: Principal, input: TemplateMessageSend) {
    const problem = checkTemplateData(input.data);
    if (problem) throw new AppError('VALIDATION_ERROR', `请求参数错误：${problem.message}`, [problem]);
    const openid = await this.d.repository.openidOf(principal.userId);
    if (!openid) throw new AppError('USER_NOT_FOUND', '用户不存在或未通过微信登录');
    const outcome = await this.d.sender.deliver({
      userId: principal.userId,
      openid,
      templateId: input.templateId,
      page: input.page || null,
      data: input.data,
      source: 'api',
      orderId: null,
    });
    switch (outcome.result) {
      case 'sent':
        return { msgid: outcome.msgid, status: 'sent' as const, sendTime: outcome.at.getTime() };
      case 'no_grant':
      case 'refused':
        throw new AppError('WECHAT_NOT_SUBSCRIBED', '用户未订阅该消息', {
          templateId: input.templateId,
          errcode: outcome.errcode,
        });
      case 'invalid':
        throw new AppError(
          'VALIDATION_ERROR',
          `请求参数错误：templateId 或 data 不符合微信模板要求（${outcome.errcode}）`,
          [{ field: 'data', message: outcome.errmsg ?? '' }],
        );
      case 'failed':
        throw outcome.error;
    }
  }

  async recordGrants(principal: Principal, input: SubscriptionGrant): Promise<SubscriptionRecord[]> {
    return this.d.repository.recordGrants(principal.userId, input.results, this.d.clock.now());
  }

  listGrants(principal: Principal): Promise<SubscriptionRecord[]> {
    return this.d.repository.listGrants(principal.userId);
  }
}
