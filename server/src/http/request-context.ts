import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../platform/logger';
import type { ApiCallRecorder } from '../modules/monitoring/api-call-recorder';
import type { AppState } from './context';
import type { PrometheusMetrics } from './prometheus';

const INCOMING_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Outermost middleware: request id, one access-log line, the API call record (buffered, written
 * in batches) and the Prometheus observation, all after the answer is decided.
 */
export function requestContext(
  logger: Logger,
  calls: ApiCallRecorder,
  metrics: PrometheusMetrics,
): Middleware<AppState> {
  const logInfo = logger.isLevelEnabled('info');
  return async (ctx, next) => {
    const startedAt = performance.now();
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.startedAt = Date.now();
    ctx.set('X-Request-Id', ctx.state.requestId);
    try {
      await next();
    } finally {
      const ms = performance.now() - startedAt;
      // Only route patterns become labels: arbitrary paths must not mint new series or log rows.
      const route = ctx.state.routePath ?? '(unmatched)';
      const userId = ctx.state.principal?.userId ?? null;
      if (ctx.path.startsWith('/api/') && !ctx.path.startsWith('/api/docs')) {
        calls.record({
          method: ctx.method,
          endpoint: route.slice(0, 255),
          statusCode: ctx.status,
          durationMs: Math.round(ms),
          userId,
          ip: ctx.ip || null,
          requestId: ctx.state.requestId,
          createdAt: new Date(),
        });
        metrics.observe(ctx.method, route, ctx.status, ms / 1000);
      }
      if (logInfo) {
        const entry = { reqId: ctx.state.requestId, method: ctx.method, route, status: ctx.status, userId };
        logger.info({ ...entry, ms: Math.round(ms * 10) / 10 }, 'request');
      }
    }
  };
}
