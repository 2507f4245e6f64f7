import type { ErpOrderSearchQuery, ErpOrderSearchResult, ErpStatus } from '@app/shared';
import { AppError } from '../../http/app-error';
import {
  ErpUnavailableError,
  type ErpClient,
  type ErpCompany,
  type ErpObject,
} from '../../integrations/erp/erp.client';
import type { Clock } from '../../platform/clock';
import { scopeFor, type Principal } from '../access/principal';
import type { ApiCallEntry } from '../monitoring/api-call-logs.repository';
import type { CacheOutcome, ErpReadThrough } from './erp-cache';
import type { ErpCallStatsRepository } from './erp-call-stats.repository';

/** The ERP endpoints of 003, as the call log and /api/erp/status name them. */
export const ERP_ENDPOINTS = {
  search: '/api/orders/search',
  status: '/api/orders/:order_id/status',
  materials: '/api/orders/:order_id/materials',
  progress: '/api/materials/:material_id/progress',
  company: '/api/auth/bind-company',
} as const;
export type ErpEndpoint = keyof typeof ERP_ENDPOINTS;
/** The endpoints whose answers are cached (a binding always asks the ERP). */
export type CachedErpEndpoint = Exclude<ErpEndpoint, 'company'>;
/** ERP calls go into api_call_logs under this method, so /api/metrics/performance shows them apart. */
export const ERP_CALL_METHOD = 'ERP';

export interface ErpServiceDeps {
  erp: ErpClient;
  cache: ErpReadThrough;
  /** Seconds each endpoint's answer stays fresh. */
  ttlS: Record<CachedErpEndpoint, number>;
  /** The call log (api_call_logs, batched). */
  recordCall: (entry: ApiCallEntry) => void;
  stats: ErpCallStatsRepository;
  clock: Clock;
  /** Retry-After of a 503 while the ERP is down. */
  retryAfterSeconds: () => number;
  circuit: () => ErpStatus['circuit'];
  /** The version of a company's data in the cache keys (local adapter: moves on when its orders change). */
  version: (customerId: string) => string;
}

/** A pass-through answer and how the cache served it (the route sets X-Cache). */
export interface ErpAnswer {
  data: ErpObject;
  cache: CacheOutcome;
}

/** 003's customer reads: one bound company's orders through the ERP boundary, behind the read-through cache. */
export class ErpService {
  constructor(private readonly d: ErpServiceDeps) {}

  async search(principal: Principal, q: ErpOrderSearchQuery): Promise<ErpOrderSearchResult> {
    const customerId = this.companyOf(principal);
    const key = `search:${this.company(customerId)}:${q.status ?? ''}:${q.page}:${q.pageSize}:${q.keyword ?? ''}`;
    const read = await this.cached('search', key, () =>
      this.d.erp.searchOrders({
        customerId,
        keyword: q.keyword || undefined,
        status: q.status,
        page: q.page,
        pageSize: q.pageSize,
      }),
    );
    const { orders, total } = read.value;
    return {
      orders,
      total,
      page: q.page,
      pageSize: q.pageSize,
      queryTime: read.storedAt,
      cacheHit: read.cache !== 'MISS',
      ...(read.cache === 'STALE' ? { stale: true } : {}),
    };
  }

  status(principal: Principal, orderId: string): Promise<ErpAnswer> {
    const customerId = this.companyOf(principal);
    return this.object('status', `status:${this.company(customerId)}:${orderId}`, 'ORDER_NOT_FOUND', () =>
      this.d.erp.orderStatus(customerId, orderId),
    );
  }

  materials(principal: Principal, orderId: string): Promise<ErpAnswer> {
    const customerId = this.companyOf(principal);
    return this.object('materials', `materials:${this.company(customerId)}:${orderId}`, 'ORDER_NOT_FOUND', () =>
      this.d.erp.orderMaterials(customerId, orderId),
    );
  }

  materialProgress(principal: Principal, materialId: string): Promise<ErpAnswer> {
    const customerId = this.companyOf(principal);
    return this.object('progress', `progress:${this.company(customerId)}:${materialId}`, 'MATERIAL_NOT_FOUND', () =>
      this.d.erp.materialProgress(customerId, materialId),
    );
  }

  /**
   * The company whose WeChat invite code ("微信邀请码") this is, asked of the ERP on every binding (never cached: a
   * rotated code must stop working at once). An ERP that fails answers 502/503 with Retry-After, as the reads do.
   */
  async companyByInviteCode(inviteCode: string): Promise<ErpCompany | null> {
    try {
      return await this.logged('company', () => this.d.erp.findCompanyByInviteCode(inviteCode));
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** 003 "ERP接口状态监控": the last hour of ERP calls per endpoint. */
  async callStatus(): Promise<ErpStatus> {
    const now = this.d.clock.now().getTime();
    const rows = await this.d.stats.since(ERP_CALL_METHOD, new Date(now - 3_600_000));
    const round2 = (n: number) => Math.round(n * 100) / 100;
    return {
      mode: this.d.erp.mode,
      circuit: this.d.circuit(),
      stats: rows.map((r) => {
        const errorRate = r.totalCalls ? round2((r.errorCalls / r.totalCalls) * 100) : 0;
        return {
          endpoint: r.endpoint,
          totalCalls: r.totalCalls,
          avgResponseTime: round2(r.avgResponseTime),
          errorRate,
          successRate: r.totalCalls ? round2(100 - errorRate) : 0,
        };
      }),
      checkTime: now,
    };
  }

  /** A company in a cache key: its id and the version of its data. */
  private company(customerId: string): string {
    return `${customerId}@${this.d.version(customerId)}`;
  }

  /** The bound company of a WeChat customer; unbound → COMPANY_NOT_BOUND, a factory user or no orders.read → 403. */
  private companyOf(principal: Principal): string {
    const scope = scopeFor(principal);
    if (scope.kind === 'none') throw new AppError('COMPANY_NOT_BOUND');
    if (scope.kind !== 'company' || !principal.permissions.has('orders.read')) throw new AppError('FORBIDDEN');
    return String(scope.customerId);
  }

  private async object(
    endpoint: Exclude<CachedErpEndpoint, 'search'>,
    key: string,
    notFound: 'ORDER_NOT_FOUND' | 'MATERIAL_NOT_FOUND',
    load: () => Promise<ErpObject | null>,
  ): Promise<ErpAnswer> {
    const read = await this.cached(endpoint, key, load);
    if (read.value === null) throw new AppError(notFound);
    return { data: read.value, cache: read.cache };
  }

  private async cached<V>(endpoint: CachedErpEndpoint, key: string, load: () => Promise<V>) {
    try {
      return await this.d.cache.read(key, this.d.ttlS[endpoint], () => this.logged(endpoint, load));
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** An ERP failure as the client sees it: a malformed answer 502, anything else 503; both with Retry-After. */
  private failure(err: unknown): unknown {
    if (!(err instanceof ErpUnavailableError)) return err;
    const headers = { 'Retry-After': String(this.d.retryAfterSeconds()) };
    if (err.kind === 'bad_answer') return new AppError('ERP_ERROR', undefined, { reason: err.message }, headers);
    return new AppError('SERVICE_UNAVAILABLE', 'ERP 服务暂不可用，请稍后重试', undefined, headers);
  }

  /** One ERP call, timed into the call log (errors as 502/503, answers as 200/404). */
  private async logged<V>(endpoint: ErpEndpoint, load: () => Promise<V>): Promise<V> {
    const started = Date.now();
    const entry = (statusCode: number): ApiCallEntry => ({
      method: ERP_CALL_METHOD,
      endpoint: ERP_ENDPOINTS[endpoint],
      statusCode,
      durationMs: Date.now() - started,
      userId: null,
      ip: null,
      requestId: null,
      createdAt: this.d.clock.now(),
    });
    try {
      const value = await load();
      this.d.recordCall(entry(value === null ? 404 : 200));
      return value;
    } catch (err) {
      const bad = err instanceof ErpUnavailableError && err.kind === 'bad_answer';
      this.d.recordCall(entry(bad ? 502 : 503));
      throw err;
    }
  }
}
