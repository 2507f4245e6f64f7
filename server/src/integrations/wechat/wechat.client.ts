import { createHash } from 'node:crypto';
import { AppError } from '../../http/app-error';
import type { ServiceHealth } from '@app/shared';

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

/** The WeChat server API as this system uses it. `session_key` never leaves the client. */
export interface WechatClient {
  readonly mode: 'mock' | 'live';
  code2Session(code: string): Promise<WechatSession>;
  health(): ServiceHealth;
}

/** 003: openid is 11–99 characters; WeChat's own openids also use `-` and `_`. */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{11,99}$/;

interface Code2SessionAnswer {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

/** WeChat error codes of jscode2session, mapped to what the caller can act on. */
function wechatError(errcode: number, errmsg: string | undefined): AppError {
  const details = { errcode, errmsg };
  switch (errcode) {
    case 40029:
      return new AppError('WECHAT_CODE_INVALID', '微信登录凭证无效，请重新登录', details);
    case 40163:
      return new AppError('WECHAT_CODE_USED', '微信登录凭证已使用，请重新登录', details);
    case 45011:
      return new AppError('WECHAT_RATE_LIMITED', undefined, details, { 'Retry-After': '60' });
    case 40226:
      return new AppError('WECHAT_USER_BLOCKED', undefined, details);
    case -1:
      return new AppError('SERVICE_UNAVAILABLE', '微信系统繁忙，请稍后再试', details);
    default:
      return new AppError('WECHAT_ERROR', `微信服务错误（${errcode}）`, details);
  }
}

export class HttpWechatClient implements WechatClient {
  readonly mode = 'live' as const;
  private lastFailureAt = 0;

  constructor(private readonly options: { apiBase: string; appId: string; appSecret: string; timeoutMs: number }) {}

  async code2Session(code: string): Promise<WechatSession> {
    const url = new URL('/sns/jscode2session', this.options.apiBase);
    url.search = new URLSearchParams({
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    let answer: Code2SessionAnswer;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
      if (!res.ok) throw new AppError('WECHAT_ERROR', `微信服务错误（HTTP ${res.status}）`);
      answer = (await res.json()) as Code2SessionAnswer;
    } catch (err) {
      this.lastFailureAt = Date.now();
      if (err instanceof AppError) throw err;
      const name = (err as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new AppError('WECHAT_TIMEOUT');
      throw new AppError('WECHAT_ERROR', '微信服务不可达');
    }
    if (answer.errcode) {
      if (answer.errcode === -1) this.lastFailureAt = Date.now();
      throw wechatError(answer.errcode, answer.errmsg);
    }
    if (!answer.openid || !OPENID_PATTERN.test(answer.openid)) throw new AppError('WECHAT_OPENID_INVALID');
    return { openid: answer.openid, unionid: answer.unionid ?? null };
  }

  health(): ServiceHealth {
    return Date.now() - this.lastFailureAt < 5 * 60_000 ? 'degraded' : 'healthy';
  }
}

/**
 * WECHAT_MODE=mock: accepts `mock:<name>` and derives a stable openid from the name, so demos,
 * the H5 build and tests work with no WeChat account. Refused in production by config.
 */
export class MockWechatClient implements WechatClient {
  readonly mode = 'mock' as const;

  async code2Session(code: string): Promise<WechatSession> {
    const match = /^mock:(.{1,64})$/.exec(code);
    if (!match) throw new AppError('WECHAT_CODE_INVALID', '模拟模式下 code 须为 mock:<名字>');
    const digest = createHash('sha256').update(match[1]).digest('hex').slice(0, 24);
    return { openid: `mock_${digest}`, unionid: null };
  }

  health(): ServiceHealth {
    return 'healthy';
  }
}
