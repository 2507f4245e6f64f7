import CircuitBreaker from 'opossum';
import type { ServiceHealth } from '@app/shared';
import {
  ErpUnavailableError,
  type ErpClient,
  type ErpCompany,
  type ErpObject,
  type ErpOrderPage,
  type ErpOrderSearch,
} from './erp.client';

export interface HttpErpOptions {
  baseUrl: string;
  apiKey: string | null;
  /** The whole budget of one read, retries included: no read outlives it. */
  timeoutMs: number;
  /** Extra attempts after a failed read (only GET, only while the budget lasts). */
  retries: number;
  maxResponseBytes: number;
  /** How long the circuit stays open before one trial call. */
  breakerResetMs: number;
  /** How long a health probe's answer is reused. */
  healthCacheMs?: number;
  /** Calls in the rolling window before the breaker may open (default 5). */
  breakerVolumeThreshold?: number;
}

/** The ERP answered 404: the object does not exist (or is not this company's). */
const NOT_FOUND = Symbol('not-found');
type Answer = ErpObject | typeof NOT_FOUND;

const isObject = (v: unknown): v is ErpObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** 003's envelope (`{ success, data }`) is unwrapped; a bare object is taken as it is. */
function unwrap(body: unknown): ErpObject {
  if (!isObject(body)) throw new ErpUnavailableError('ERP answer is not a JSON object', 'bad_answer');
  if (body.success === false) throw new ErpUnavailableError('ERP answered success=false', 'bad_answer');
  if ('data' in body && 'success' in body) {
    if (!isObject(body.data)) throw new ErpUnavailableError('ERP answer has no data object', 'bad_answer');
    return body.data;
  }
  return body;
}

/** Reads at most `max` bytes of a body; more is a failure (the stream is cancelled, not drained). */
async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new ErpUnavailableError(`ERP answer too large (${declared} bytes)`, 'bad_answer');
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new ErpUnavailableError(`ERP answer larger than ${max} bytes`, 'bad_answer');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An external ERP over HTTP (ERP_MODE=http). Every read has one deadline (`timeoutMs`, retries included); only
 * GETs are retried, with exponential backoff and jitter, while the deadline allows; redirects are never followed;
 * answers over `maxResponseBytes` or not JSON are failures; a circuit breaker (opossum) stops calling an ERP that
 * keeps failing and lets one trial call through after `breakerResetMs`.
 */
export class HttpErpClient implements ErpClient {
  readonly mode = 'http' as const;
  private readonly breaker: CircuitBreaker<[string], Answer>;
  private healthCache: { at: number; value: Promise<ServiceHealth> } | null = null;

  constructor(private readonly options: HttpErpOptions) {
    this.breaker = new CircuitBreaker((path: string) => this.getWithRetries(path), {
      timeout: false,
      resetTimeout: options.breakerResetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: options.breakerVolumeThreshold ?? 5,
      rollingCountTimeout: 10_000,
    });
  }

  /** 'closed' | 'open' | 'half_open', for /api/erp/status. */
  get circuit(): 'closed' | 'open' | 'half_open' {
    if (this.breaker.halfOpen) return 'half_open';
    return this.breaker.opened ? 'open' : 'closed';
  }

  /** Seconds a client should wait before trying again. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.options.breakerResetMs / 1000));
  }

  async searchOrders(q: ErpOrderSearch): Promise<ErpOrderPage> {
    const params = new URLSearchParams({
      customerId: q.customerId,
      page: String(q.page),
      pageSize: String(q.pageSize),
    });
    if (q.keyword) params.set('keyword', q.keyword);
    if (q.status) params.set('status', q.status);
    const data = await this.read(`/orders/search?${params.toString()}`);
    if (data === null) throw new ErpUnavailableError('ERP answered 404 to a search', 'bad_answer');
    if (!Array.isArray(data.orders)) throw new ErpUnavailableError('ERP search answer has no orders', 'bad_answer');
    const total = Number(data.total ?? data.orders.length);
    return { orders: data.orders as ErpOrderPage['orders'], total: Number.isFinite(total) ? total : 0 };
  }

  orderStatus(customerId: string, orderId: string): Promise<ErpObject | null> {
    return this.read(`/orders/${encodeURIComponent(orderId)}/status?customerId=${encodeURIComponent(customerId)}`);
  }

  orderMaterials(customerId: string, orderId: string): Promise<ErpObject | null> {
    return this.read(`/orders/${encodeURIComponent(orderId)}/materials?customerId=${encodeURIComponent(customerId)}`);
  }

  materialProgress(customerId: string, materialId: string): Promise<ErpObject | null> {
    return this.read(
      `/materials/${encodeURIComponent(materialId)}/progress?customerId=${encodeURIComponent(customerId)}`,
    );
  }

  async findCompanyByInviteCode(inviteCode: string): Promise<ErpCompany | null> {
    const data = await this.read(`/companies/by-invite-code/${encodeURIComponent(inviteCode)}`);
    if (!data) return null;
    return {
      companyId: String(data.companyId ?? ''),
      companyName: String(data.companyName ?? ''),
      customerId: String(data.customerId ?? ''),
      inviteCode: String(data.inviteCode ?? data['微信邀请码'] ?? ''),
    };
  }

  /** A cheap probe (GET /health, a short timeout, no retries), reused for a few seconds. */
  health(): Promise<ServiceHealth> {
    const now = Date.now();
    if (this.healthCache && now - this.healthCache.at < (this.options.healthCacheMs ?? 5000)) {
      return this.healthCache.value;
    }
    const value = this.attempt('/health', Math.min(this.options.timeoutMs, 1000)).then(
      (): ServiceHealth => (this.breaker.opened ? 'degraded' : 'healthy'),
      (): ServiceHealth => 'unhealthy',
    );
    this.healthCache = { at: now, value };
    return value;
  }

  close(): void {
    this.breaker.shutdown();
  }

  private async read(path: string): Promise<ErpObject | null> {
    try {
      const answer = await this.breaker.fire(path);
      return answer === NOT_FOUND ? null : answer;
    } catch (err) {
      if (err instanceof ErpUnavailableError) throw err;
      const code = (err as { code?: unknown }).code;
      if (code === 'EOPENBREAKER') throw new ErpUnavailableError('ERP circuit open', 'unavailable');
      throw new ErpUnavailableError(`ERP call failed: ${(err as Error).message}`, 'unavailable');
    }
  }

  private async getWithRetries(path: string): Promise<Answer> {
    const deadline = Date.now() + this.options.timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(path, deadline - Date.now());
      } catch (err) {
        const retryable = err instanceof ErpUnavailableError ? err.kind === 'unavailable' : true;
        const backoff = Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2);
        // A retry only when the ERP was unreachable or failed, and only if it could still finish in time.
        if (!retryable || attempt >= this.options.retries || Date.now() + backoff + 50 >= deadline) throw err;
        await sleep(backoff);
      }
    }
  }

  private async attempt(path: string, budgetMs: number): Promise<Answer> {
    if (budgetMs <= 0) throw new ErpUnavailableError('ERP deadline passed', 'unavailable');
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl}${path}`, {
        method: 'GET',
        redirect: 'manual',
        headers: {
          accept: 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        signal: AbortSignal.timeout(budgetMs),
      });
    } catch (err) {
      throw new ErpUnavailableError(`ERP unreachable: ${(err as Error).name}`, 'unavailable');
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new ErpUnavailableError(`ERP answered a redirect (${res.status}); not followed`, 'bad_answer');
    }
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      return NOT_FOUND;
    }
    if (res.status >= 500) {
      await res.body?.cancel().catch(() => undefined);
      throw new ErpUnavailableError(`ERP answered ${res.status}`, 'unavailable');
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw new ErpUnavailableError(`ERP answered ${res.status}`, 'bad_answer');
    }
    let text: string;
    try {
      text = await readCapped(res, this.options.maxResponseBytes);
    } catch (err) {
      if (err instanceof ErpUnavailableError) throw err;
      throw new ErpUnavailableError(`ERP answer interrupted: ${(err as Error).name}`, 'unavailable');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ErpUnavailableError('ERP answer is not JSON', 'bad_answer');
    }
    return unwrap(body);
  }
}
