import type { Health, Performance, ServiceHealth } from '@app/shared';
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { ApiCallLogsRepository, CallStatsRow } from './api-call-logs.repository';

export interface HealthProbe {
  health(): ServiceHealth | Promise<ServiceHealth>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function withRates(r: CallStatsRow) {
  return {
    totalCalls: r.totalCalls,
    avgResponseTime: round2(r.avgResponseTime),
    maxResponseTime: r.maxResponseTime,
    errorCalls: r.errorCalls,
    errorRate: r.totalCalls ? round2((r.errorCalls / r.totalCalls) * 100) : 0,
  };
}

/** 003 "系统监控": health of the database and the outside services, and API performance. */
export class MonitoringService {
  constructor(
    private readonly db: Database,
    private readonly calls: ApiCallLogsRepository,
    private readonly probes: { erp: HealthProbe; wechat: HealthProbe },
    private readonly clock: Clock,
  ) {}

  async health(): Promise<Health> {
    const [database, erp, wechat] = await Promise.all([
      this.db.ping().then((ok): ServiceHealth => (ok ? 'healthy' : 'unhealthy')),
      this.probes.erp.health(),
      this.probes.wechat.health(),
    ]);
    const all = [database, erp, wechat];
    const status: ServiceHealth =
      database === 'unhealthy' ? 'unhealthy' : all.every((s) => s === 'healthy') ? 'healthy' : 'degraded';
    return { status, timestamp: this.clock.now().getTime(), services: { database, erp, wechat } };
  }

  async performance(): Promise<Performance> {
    const since = new Date(this.clock.now().getTime() - 24 * 3600_000);
    const [hourly, endpoints] = await Promise.all([
      this.calls.stats(since, 'hour'),
      this.calls.stats(since, 'endpoint'),
    ]);
    return {
      hourlyStats: hourly.map((r) => ({ hour: r.key, ...withRates(r) })),
      endpointStats: endpoints
        .map((r) => ({ endpoint: r.key, ...withRates(r) }))
        .sort((a, b) => b.totalCalls - a.totalCalls),
    };
  }
}
