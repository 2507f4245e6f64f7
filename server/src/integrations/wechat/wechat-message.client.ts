import { randomUUID } from 'node:crypto';
import type { ServiceHealth } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { AccessTokenManager, TokenSource } from './wechat-token.manager';

/** `message/subscribe/send` as WeChat takes it. */
export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/** WeChat's answer to a send: errcode 0 is sent; others (43101, 47003, …) are the caller's to record. */
export interface SendOutcome {
  errcode: number;
  errmsg: string;
  msgid: string | null;
}

/** Sending subscribe messages: tokens, the one retry after 40001/42001, and a cheap health probe. */
export interface WechatMessenger {
  readonly mode: 'mock' | 'live';
  send(message: SubscribeMessage): Promise<SendOutcome>;
  /** Can a token be had (mock: always). */
  probe(): Promise<ServiceHealth>;
}

/** Token invalid (40001) or expired (42001): refresh once and send once more. */
export const TOKEN_REFUSED = new Set([40001, 42001]);

interface WechatAnswer {
  errcode?: unknown;
  errmsg?: unknown;
  msgid?: unknown;
  access_token?: unknown;
  expires_in?: unknown;
}

/** The two raw calls, each with its own timeout; transport faults and malformed answers become AppErrors. */
export class WechatMessageApi implements TokenSource {
  constructor(private readonly o: { apiBase: string; appId: string; appSecret: string; timeoutMs: number }) {}

  async fetchToken(forceRefresh: boolean): Promise<{ token: string; expiresInSec: number }> {
    const answer = await this.post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: this.o.appId,
      secret: this.o.appSecret,
      force_refresh: forceRefresh,
    });
    if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : null;
      throw new AppError('WECHAT_ERROR', `微信接口凭证获取失败（${errcode ?? '无凭证'}）`, {
        errcode,
        errmsg: typeof answer.errmsg === 'string' ? answer.errmsg : null,
      });
    }
    return { token: answer.access_token, expiresInSec: answer.expires_in };
  }

  async sendSubscribe(token: string, message: SubscribeMessage): Promise<SendOutcome> {
    const path = `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`;
    const answer = await this.post(path, message);
    const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
    const msgid = typeof answer.msgid === 'number' || typeof answer.msgid === 'string' ? String(answer.msgid) : null;
    return { errcode, errmsg: typeof answer.errmsg === 'string' ? answer.errmsg : '', msgid };
  }

  private async post(path: string, body: unknown): Promise<WechatAnswer> {
    const url = new URL(path, this.o.apiBase);
    let text: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      if (!res.ok) throw new AppError('WECHAT_ERROR', `微信服务错误（HTTP ${res.status}）`);
      text = await res.text();
    } catch (err) {
      if (err instanceof AppError) throw err;
      const name = (err as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new AppError('WECHAT_TIMEOUT');
      throw new AppError('WECHAT_ERROR', '微信服务不可达');
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      return parsed as WechatAnswer;
    } catch {
      throw new AppError('WECHAT_ERROR', '微信服务返回了无法解析的内容');
    }
  }
}

/** WECHAT_MODE=live: a token from the manager, and one forced refresh and retry when WeChat refuses it. */
export class LiveWechatMessenger implements WechatMessenger {
  readonly mode = 'live' as const;

  constructor(
    private readonly api: Pick<WechatMessageApi, 'sendSubscribe'>,
    private readonly tokens: Pick<AccessTokenManager, 'get' | 'refuse'>,
  ) {}

  async send(message: SubscribeMessage): Promise<SendOutcome> {
    const token = await this.tokens.get();
    const first = await this.api.sendSubscribe(token, message);
    if (!TOKEN_REFUSED.has(first.errcode)) return first;
    return this.api.sendSubscribe(await this.tokens.refuse(token), message);
  }

  async probe(): Promise<ServiceHealth> {
    try {
      await this.tokens.get();
      return 'healthy';
    } catch {
      return 'unhealthy';
    }
  }
}

/** WECHAT_MODE=mock: nothing leaves the server; every send is answered as sent, so demos and the H5 build work. */
export class MockWechatMessenger implements WechatMessenger {
  readonly mode = 'mock' as const;
  readonly sent: SubscribeMessage[] = [];

  async send(message: SubscribeMessage): Promise<SendOutcome> {
    this.sent.push(message);
    if (this.sent.length > 100) this.sent.shift();
    return { errcode: 0, errmsg: 'ok', msgid: `mock-${randomUUID()}` };
  }

  async probe(): Promise<ServiceHealth> {
    return 'healthy';
  }
}
