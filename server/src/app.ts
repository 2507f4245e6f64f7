import cors from '@koa/cors';
import Koa, { type Middleware } from 'koa';
import helmet from 'helmet';
import type { Config } from '@app/config';
import { AppError } from './http/app-error';
import type { Authenticator } from './http/authenticate';
import type { AppState } from './http/context';
import { addDocsRoutes } from './http/docs';
import { errorHandler } from './http/error-handler';
import { fileServer } from './http/file-server';
import { buildOpenApi } from './http/openapi';
import type { PrometheusMetrics } from './http/prometheus';
import type { RateLimiterFactory } from './http/rate-limit';
import { requestContext } from './http/request-context';
import type { RouteSpec } from './http/route';
import type { IdempotencyGuard } from './http/idempotency';
import { buildRouter } from './http/router';
import { staticSite } from './http/static-site';
import type { FileStorage } from './integrations/storage/file-storage';
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
  /** Stored files (quotation PDFs), served at `/files/<key>`. */
  files?: FileStorage;
  /** Replays answers for routes that honour `Idempotency-Key`. */
  idempotency: IdempotencyGuard;
}

/** helmet's headers for pages (docs, H5), computed once: they do not depend on the request. */
function helmetHeaders(): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const probe = {
    setHeader: (name: string, value: string | number | readonly string[]) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  helmet({
    crossOriginEmbedderPolicy: false,
    // The H5 pages show a chosen photo from a blob: URL and upload it by reading that URL (Taro's chooseMedia and
    // uploadFile); nothing else is allowed beyond helmet's defaults.
    contentSecurityPolicy: {
      directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'connect-src': ["'self'", 'blob:'] },
    },
  })(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    probe as unknown as Parameters<ReturnType<typeof helmet>>[1],
    () => undefined,
  );
  return { set, removed };
}

/** OWASP's header set for JSON APIs: no sniffing, no framing, no caching of answers, HTTPS only. */
const API_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "frame-ancestors 'none'"],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['Cache-Control', 'no-store'],
];

function securityHeaders(): Middleware<AppState> {
  const page = helmetHeaders();
  return (ctx, next) => {
    const isApi = ctx.path.startsWith('/api/') && !ctx.path.startsWith('/api/docs');
    for (const [name, value] of isApi ? API_HEADERS : page.set) ctx.res.setHeader(name, value);
    if (!isApi) for (const name of page.removed) ctx.res.removeHeader(name);
    return next();
  };
}

/** CORS for browsers (the H5 build, admin pages); requests without an Origin (mini-program, servers) skip it. */
function corsFor(origins: string[]): Middleware<AppState> {
  const allowed = new Set(origins);
  const handle = cors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      return allowed.has('*') || allowed.has(origin) ? origin : '';
    },
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  });
  return (ctx, next) => (ctx.get('origin') ? handle(ctx, next) : next());
}

function prometheusEndpoint(metrics: PrometheusMetrics, token: string | null): Middleware<AppState> {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
    if (token && ctx.get('authorization') !== `Bearer ${token}`) throw new AppError('UNAUTHORIZED');
    ctx.type = metrics.contentType;
    ctx.body = await metrics.metrics();
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
    idempotency: deps.idempotency,
    bodyLimit: config.bodyLimitJson,
    defaultRateLimit: { points: config.rateLimitDefaultPerMin, durationSec: 60, by: 'user' },
  });
  let spec: unknown = null;
  addDocsRoutes(router, () => (spec ??= buildOpenApi(deps.routes, { title: '订单交付平台 API', version: '0.1.0' })));

  app.use(requestContext(deps.logger, deps.apiCalls, deps.metrics));
  app.use(errorHandler(deps.logger));
  app.use(securityHeaders());
  app.use(corsFor(config.corsOrigins));
  app.use(prometheusEndpoint(deps.metrics, config.metricsToken));
  if (deps.files) app.use(fileServer(deps.files));
  app.use(router.routes());
  app.use(router.allowedMethods());
  if (config.staticDir) app.use(staticSite(config.staticDir));
  app.on('error', (err: unknown) => deps.logger.error({ err }, 'koa error'));
  return app;
}
