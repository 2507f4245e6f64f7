import cors from '@koa/cors';
import Koa, { type Middleware } from 'koa';
import helmet from 'helmet';
import type { Config } from '@app/config';
import { AppError } from './http/app-error';
import type { Authenticator } from './http/authenticate';
import type { AppState } from './http/context';
import { docsRouter } from './http/docs';
import { errorHandler } from './http/error-handler';
import { buildOpenApi } from './http/openapi';
import type { PrometheusMetrics } from './http/prometheus';
import type { RateLimiterFactory } from './http/rate-limit';
import { requestContext } from './http/request-context';
import type { RouteSpec } from './http/route';
import { buildRouter } from './http/router';
import { staticSite } from './http/static-site';
import type { Logger } from './platform/logger';
import type { ApiCallRecorder } from './modules/monitoring/api-call-recorder';
import type { OperationLogService } from './modules/operation-logs/operation-logs.service';

export interface AppDeps {
  config: Config;
  logger: Logger;
  routes: RouteSpec[];
  authenticator: Authenticator;
  rateLimiters: RateLimiterFactory;
  operationLogs: OperationLogService;
  apiCalls: ApiCallRecorder;
  metrics: PrometheusMetrics;
}

/** Express-style helmet as Koa middleware: security headers on every answer. */
function securityHeaders(): Middleware<AppState> {
  const h = helmet({ crossOriginEmbedderPolicy: false });
  return (ctx, next) =>
    new Promise<void>((resolve, reject) => {
      h(ctx.req, ctx.res, (err?: unknown) => (err ? reject(err) : resolve()));
    }).then(() => next());
}

function corsFor(origins: string[]): Middleware<AppState> {
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      return allowed.has('*') || allowed.has(origin) ? origin : '';
    },
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  });
}

function prometheusEndpoint(metrics: PrometheusMetrics, token: string | null): Middleware<AppState> {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
    if (token && ctx.get('authorization') !== `Bearer ${token}`) throw new AppError('UNAUTHORIZED');
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  };
}

/** The middleware chain and routers; no I/O of its own. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const { config } = deps;
  const app = new Koa<AppState>({ proxy: config.proxy.trust, maxIpsCount: config.proxy.maxIpsCount });
  const router = buildRouter(deps.routes, {
    authenticator: deps.authenticator,
    rateLimiters: deps.rateLimiters,
    operationLogs: deps.operationLogs,
    bodyLimit: config.bodyLimitJson,
    defaultRateLimit: { points: config.rateLimitDefaultPerMin, durationSec: 60, by: 'user' },
  });
  let spec: unknown = null;
  const docs = docsRouter(() => (spec ??= buildOpenApi(deps.routes, { title: '订单交付平台 API', version: '0.1.0' })));

  app.use(requestContext(deps.logger, deps.apiCalls, deps.metrics));
  app.use(errorHandler(deps.logger));
  app.use(securityHeaders());
  app.use(corsFor(config.corsOrigins));
  app.use(prometheusEndpoint(deps.metrics, config.metricsToken));
  app.use(docs.routes());
  app.use(router.routes());
  app.use(router.allowedMethods());
  if (config.staticDir) app.use(staticSite(config.staticDir));
  app.on('error', (err: unknown) => deps.logger.error({ err }, 'koa error'));
  return app;
}
