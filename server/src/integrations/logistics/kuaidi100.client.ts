import type { Config } from '@app/config';
import { AppError } from '../../http/app-error';
import {
  KUAIDI100_COMPANY,
  PushParamSchema,
  ResultAnswerSchema,
  TraceAnswerSchema,
  companyFromKuaidi100,
  emptyTrace,
  pushSign,
  querySign,
  signatureMatches,
  toTrace,
} from './kuaidi100-protocol';
import {
  DisabledLogisticsClient,
  type CourierCode,
  type LogisticsClient,
  type LogisticsPush,
  type LogisticsTrace,
  type PushForm,
  type SubscribeResult,
} from './logistics.client';

export interface Kuaidi100Options {
  baseUrl: string;
  customer: string;
  key: string;
  /** Signs pushes; without it every push is refused (an unsigned push cannot be trusted). */
  salt: string | null;
  /** Where Kuaidi100 pushes; without it subscribing fails (and says so on the order's timeline). */
  callbackUrl: string | null;
  timeoutMs: number;
}

/** Kuaidi100's "no result yet" for a number it has not seen scanned. */
const NO_RESULT_CODE = '500';
/** Kuaidi100's "already subscribed". */
const ALREADY_SUBSCRIBED_CODE = '501';

const apiError = (message: string, details?: Record<string, unknown>) =>
  new AppError('LOGISTICS_API_ERROR', message, details);

/**
 * Kuaidi100 (快递100) over HTTP: real-time query (`/poll/query.do`), push subscription (`/poll`) and the push
 * callback's signature. Every call has the configured timeout; a non-200, slow, malformed or refusing answer
 * becomes LOGISTICS_API_ERROR.
 */
export class Kuaidi100Client implements LogisticsClient {
  readonly enabled = true;

  constructor(private readonly o: Kuaidi100Options) {}

  async track(company: CourierCode, trackingNumber: string, phone?: string | null): Promise<LogisticsTrace> {
    const param = JSON.stringify({
      com: KUAIDI100_COMPANY[company],
      num: trackingNumber,
      ...(phone ? { phone } : {}),
      resultv2: '1',
    });
    const form = { customer: this.o.customer, sign: querySign(param, this.o.key, this.o.customer), param };
    const answer = await this.post('/poll/query.do', form, '物流查询');
    const refusal = ResultAnswerSchema.safeParse(answer);
    if (refusal.success && !refusal.data.result) {
      const code = String(refusal.data.returnCode ?? '');
      if (code === NO_RESULT_CODE) return emptyTrace();
      throw apiError(`物流查询失败：${refusal.data.message ?? '快递100拒绝了查询'}`, { returnCode: code });
    }
    const trace = TraceAnswerSchema.safeParse(answer);
    if (!trace.success || String(trace.data.status) !== '200' || !Array.isArray(trace.data.data)) {
      throw apiError('物流查询失败：快递100应答格式错误');
    }
    return toTrace(trace.data);
  }

  async subscribe(company: CourierCode, trackingNumber: string, phone?: string | null): Promise<SubscribeResult> {
    if (!this.o.callbackUrl) throw apiError('物流推送订阅失败：未配置推送回调地址（KUAIDI100_CALLBACK_URL）');
    const param = JSON.stringify({
      company: KUAIDI100_COMPANY[company],
      number: trackingNumber,
      key: this.o.key,
      parameters: {
        callbackurl: this.o.callbackUrl,
        ...(this.o.salt ? { salt: this.o.salt } : {}),
        resultv2: '1',
        ...(phone ? { phone } : {}),
      },
    });
    const answer = ResultAnswerSchema.safeParse(await this.post('/poll', { schema: 'json', param }, '物流推送订阅'));
    if (!answer.success) throw apiError('物流推送订阅失败：快递100应答格式错误');
    const code = String(answer.data.returnCode ?? '');
    if (answer.data.result) return { subscribed: true, message: answer.data.message ?? '订阅成功' };
    if (code === ALREADY_SUBSCRIBED_CODE) return { subscribed: true, message: '已订阅' };
    throw apiError(`物流推送订阅失败：${answer.data.message ?? '快递100拒绝了订阅'}`, { returnCode: code });
  }

  verifyPush(form: PushForm): LogisticsPush {
    if (!this.o.salt) throw new AppError('SIGNATURE_INVALID', '未配置物流推送签名盐（KUAIDI100_SALT），推送已拒绝');
    if (form.param === null || !signatureMatches(form.sign, pushSign(form.param, this.o.salt))) {
      throw new AppError('SIGNATURE_INVALID');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(form.param);
    } catch {
      throw new AppError('BAD_REQUEST', '物流推送内容不是合法的 JSON');
    }
    const push = PushParamSchema.safeParse(parsed);
    const number = push.success ? push.data.lastResult.nu?.trim() : undefined;
    if (!push.success || !number) throw new AppError('BAD_REQUEST', '物流推送内容缺少运单号');
    return {
      ...toTrace(push.data.lastResult),
      trackingNumber: number,
      company: companyFromKuaidi100(push.data.lastResult.com ?? undefined),
      message: push.data.message ?? push.data.lastResult.message ?? '',
      pushStatus: push.data.status ?? '',
    };
  }

  /** One form POST with the timeout over the whole exchange (headers and body). */
  private async post(path: string, form: Record<string, string>, what: string): Promise<unknown> {
    let text: string;
    try {
      const res = await fetch(`${this.o.baseUrl}${path}`, {
        method: 'POST',
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      text = await res.text();
      if (!res.ok) throw apiError(`${what}失败：快递100服务异常（HTTP ${res.status}）`, { httpStatus: res.status });
    } catch (err) {
      if (err instanceof AppError) throw err;
      const name = (err as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw apiError(`${what}失败：快递100响应超时`);
      throw apiError(`${what}失败：快递100服务不可达`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw apiError(`${what}失败：快递100应答格式错误`);
    }
  }
}

/** The configured client: Kuaidi100 when a key and a customer id are set, else the disabled one. */
export function createLogisticsClient(config: Config['kuaidi100']): LogisticsClient {
  if (!config.key || !config.customer) return new DisabledLogisticsClient();
  return new Kuaidi100Client({ ...config, key: config.key, customer: config.customer });
}
