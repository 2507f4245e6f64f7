import { AppError } from '../../http/app-error';
import type { SendOutcome, SubscribeMessage, WechatMessenger } from '../../integrations/wechat/wechat-message.client';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { MessageLogEntry, NoticesRepository } from './notices.repository';

/** One subscribe message to one user. */
export interface Delivery {
  userId: number;
  openid: string;
  templateId: string;
  page: string | null;
  data: SubscribeMessage['data'];
  source: MessageLogEntry['source'];
  orderId: number | null;
}

export type DeliveryOutcome =
  | { result: 'sent'; msgid: string; at: Date }
  | { result: 'no_grant' | 'refused' | 'invalid'; errcode: number | null; errmsg: string | null }
  | { result: 'failed'; errcode: number | null; errmsg: string | null; error: AppError };

/** WeChat refused the data (47003) or the template (40037). */
const DATA_REFUSED = new Set([47003, 40037]);

/**
 * Spends a grant, sends, and records what happened: 43101 clears the grant (the user allows none, not a fault);
 * an answer that delivered nothing gives the spent send back; a send whose fate is unknown (timeout) keeps it
 * spent. Every outcome is one line of the send log.
 */
export class SubscribeSender {
  constructor(
    private readonly d: {
      repository: NoticesRepository;
      messenger: WechatMessenger;
      clock: Clock;
      logger: Logger;
      miniprogramState: SubscribeMessage['miniprogram_state'];
    },
  ) {}

  async deliver(m: Delivery): Promise<DeliveryOutcome> {
    const { repository } = this.d;
    if (!(await repository.spend(m.userId, m.templateId, this.d.clock.now()))) {
      return this.logged(m, { result: 'no_grant', errcode: null, errmsg: '用户未订阅该消息' }, null);
    }
    const message: SubscribeMessage = {
      touser: m.openid,
      template_id: m.templateId,
      data: m.data,
      miniprogram_state: this.d.miniprogramState,
      lang: 'zh_CN',
      ...(m.page ? { page: m.page } : {}),
    };
    let answer: SendOutcome;
    try {
      answer = await this.d.messenger.send(message);
    } catch (err) {
      const error = err instanceof AppError ? err : new AppError('WECHAT_ERROR', '微信服务错误');
      return this.logged(m, { result: 'failed', errcode: null, errmsg: error.message, error }, null);
    }
    const now = this.d.clock.now();
    if (answer.errcode === 0) {
      return this.logged(m, { result: 'sent', msgid: answer.msgid ?? '', at: now }, answer.msgid);
    }
    const details = { errcode: answer.errcode, errmsg: answer.errmsg };
    if (answer.errcode === 43101) {
      await repository.clear(m.userId, m.templateId, now);
      return this.logged(m, { result: 'refused', ...details }, null);
    }
    await repository.refund(m.userId, m.templateId, now);
    if (DATA_REFUSED.has(answer.errcode)) return this.logged(m, { result: 'invalid', ...details }, null);
    const error = new AppError('WECHAT_ERROR', `微信服务错误（${answer.errcode}）`, details);
    return this.logged(m, { result: 'failed', ...details, error }, null);
  }

  private async logged(m: Delivery, outcome: DeliveryOutcome, msgid: string | null): Promise<DeliveryOutcome> {
    const failure = outcome.result === 'sent' ? null : outcome;
    try {
      await this.d.repository.log({
        userId: m.userId,
        openid: m.openid,
        templateId: m.templateId,
        page: m.page,
        source: m.source,
        orderId: m.orderId,
        result: outcome.result,
        errcode: failure ? failure.errcode : 0,
        errmsg: failure ? failure.errmsg : 'ok',
        msgid,
        createdAt: this.d.clock.now(),
      });
    } catch (err) {
      this.d.logger.error({ err, userId: m.userId, templateId: m.templateId }, 'wechat send log not written');
    }
    return outcome;
  }
}
