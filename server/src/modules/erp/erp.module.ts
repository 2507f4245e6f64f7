import type { Config } from '@app/config';
import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import { LocalErpClient, type ErpClient } from '../../integrations/erp/erp.client';
import { HttpErpClient } from '../../integrations/erp/http-erp.client';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Redis } from '../../platform/redis';
import type { ApiCallEntry } from '../monitoring/api-call-logs.repository';
import { ErpReadThrough, MemoryErpCacheStore, RedisErpCacheStore, type ErpCacheStore } from './erp-cache';
import { ErpCallStatsRepository } from './erp-call-stats.repository';
import { CompanyGenerations } from './company-generations';
import { ErpOrdersRepository } from './erp-orders.repository';
import { erpRoutes } from './erp.routes';
import { ErpService } from './erp.service';

export interface ErpModuleDeps {
  config: Config;
  db: Database;
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
  /** The API call recorder (api_call_logs): ERP calls are logged there under method 'ERP'. */
  recordCall: (entry: ApiCallEntry) => void;
  /** A test's own client instead of the configured adapter. */
  client?: ErpClient;
}

export interface ErpModule {
  client: ErpClient;
  service: ErpService;
  routes: RouteSpec[];
  /** Tell the ERP cache that an order (its row, lines or posts) changed; undefined: some orders. */
  orderChanged(orderId: number | undefined): void;
  close(): void;
}

/** 003's ERP boundary: the configured adapter (local | http), the read-through cache, the routes. */
export function buildErpModule(deps: ErpModuleDeps): ErpModule {
  const { config, db } = deps;
  const local = new ErpOrdersRepository(db);
  const client =
    deps.client ??
    (config.erp.mode === 'http'
      ? new HttpErpClient({
          baseUrl: config.erp.baseUrl,
          apiKey: config.erp.apiKey,
          timeoutMs: config.erp.timeoutMs,
          retries: config.erp.retries,
          maxResponseBytes: config.erp.maxResponseBytes,
          breakerResetMs: config.erp.breakerResetMs,
        })
      : new LocalErpClient(() => db.ping(), local));
  // This system's own orders: cached answers of a company are dropped when its orders change (an external ERP's not).
  const generations = client.mode === 'local' ? new CompanyGenerations((id) => local.customerOfOrder(id)) : null;
  let memory: MemoryErpCacheStore | null = null;
  const store: ErpCacheStore = deps.redis
    ? new RedisErpCacheStore(deps.redis, config.erp.cacheStaleS, deps.logger)
    : (memory = new MemoryErpCacheStore(config.erp.cacheStaleS, config.erp.cacheMaxKeys));
  const http = client instanceof HttpErpClient ? client : null;
  const service = new ErpService({
    erp: client,
    cache: new ErpReadThrough(store),
    ttlS: config.erp.cacheTtlS,
    recordCall: deps.recordCall,
    stats: new ErpCallStatsRepository(db),
    clock: deps.clock,
    retryAfterSeconds: () => http?.retryAfterSeconds ?? 5,
    circuit: () => http?.circuit ?? 'closed',
    version: (customerId) => generations?.of(customerId) ?? '0',
  });
  return {
    client,
    service,
    routes: erpRoutes(service, config.erp.ratePerMin),
    orderChanged: (orderId) => generations?.orderChanged(orderId),
    close() {
      memory?.close();
      http?.close();
    },
  };
}
