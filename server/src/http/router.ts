import Router from '@koa/router';
import type { Middleware } from 'koa';
import { AppError } from './app-error';
import type { Authenticator } from './authenticate';
import { readJsonBody } from './body-parser';
import type { AppContext, AppState } from './context';
import { successBody } from './envelope';
import type { IdempotencyGuard } from './idempotency';
import { consumeAll, type RateLimiterFactory } from './rate-limit';
import type { RateLimitRule, RouteSpec } from './route';
import { parsePart } from './validate';
import type { OperationLogService } from '../modules/operation-logs/operation-logs.service';
import type { Principal } from '../modules/access/principal';

export interface RouterDeps {
  authenticator: Authenticator;
  rateLimiters: RateLimiterFactory;
  operationLogs: OperationLogService;
  idempotency: IdempotencyGuard;
  bodyLimit: number;
  defaultRateLimit: RateLimitRule;
}

function targetOf(route: RouteSpec, params: unknown, result: unknown, principal: Principal | null): string | null {
  const pick = route.audit?.target;
  const fromParams = (params as { id?: unknown } | undefined)?.id;
  let value: unknown = pick ? pick(params, result, principal) : fromParams;
  if (value === undefined && result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    value = r.id ?? r.userId ?? r.factoryId ?? r.roleId ?? r.customerId;
  }
  return value === undefined || value === null ? null : String(value);
}

/**
 * Path parameters first. A path that only matched a `:param` pattern by accident (PUT
 * /api/products/categories against PUT /api/products/:id) is a known path with another method: 405.
 */
function parseParams(route: RouteSpec, ctx: AppContext, staticPaths: Map<string, string[]>): unknown {
  if (!route.schemas.params) return undefined;
  try {
    return parsePart(route.schemas.params, ctx.params, 'params');
  } catch (err) {
    const allowed = staticPaths.get(ctx.path);
    if (!allowed) throw err;
    throw new AppError('METHOD_NOT_ALLOWED', undefined, undefined, { Allow: allowed.join(', ') });
  }
}

/** One route's pipeline: params → authenticate → rate limit → permission → parse → handler → envelope → audit. */
function pipeline(route: RouteSpec, deps: RouterDeps, staticPaths: Map<string, string[]>): Middleware<AppState> {
  const rules = [deps.defaultRateLimit, ...(route.rateLimit ?? [])];
  const limiters = rules.map((rule, i) => ({
    rule,
    limiter: deps.rateLimiters.create(`${route.method}:${route.path}:${i}`, rule),
  }));
  const takesBody = route.schemas.body !== undefined;

  return async (ctx: AppContext) => {
    ctx.state.routePath = route.path;
    const params = parseParams(route, ctx, staticPaths);
    let principal: Principal | null = null;
    if (route.auth === 'required') {
      const auth = await deps.authenticator.authenticate(ctx);
      principal = auth.principal;
      ctx.state.principal = principal;
      ctx.state.tokenExpiresAt = auth.expiresAt;
    }
    await consumeAll(ctx, limiters);
    if (principal) {
      if (route.userType && principal.userType !== route.userType) {
        throw new AppError(route.userType === 'wechat' ? 'WECHAT_ONLY' : 'FORBIDDEN');
      }
      if (route.permission && !principal.permissions.has(route.permission)) throw new AppError('FORBIDDEN');
    }
    const rawBody = takesBody ? await readJsonBody(ctx, deps.bodyLimit) : undefined;
    const query = route.schemas.query ? parsePart(route.schemas.query, ctx.query, 'query') : undefined;
    const body = parsePart(route.schemas.body, rawBody, 'body');
    let result: unknown;
    let ran = false;
    const execute = async () => {
      result = await route.invoke({ body, query, params, principal, ctx });
      ran = true;
      if (ctx.body === undefined || ctx.body === null) {
        ctx.status = 200;
        ctx.body = successBody(result ?? null, ctx.state.successMessage ?? route.successMessage ?? '操作成功');
      }
    };
    if (route.idempotent && principal) await deps.idempotency.run(ctx, principal.userId, rawBody, execute);
    else await execute();
    // A replayed answer did nothing new: nothing to audit.
    if (route.audit && ran) {
      await deps.operationLogs.record({
        principal,
        actor: route.audit.actor?.(result) ?? undefined,
        moduleName: route.audit.module,
        actionType: route.audit.action,
        targetType: route.audit.targetType ?? null,
        targetId: targetOf(route, params, result, principal),
        method: ctx.method,
        path: ctx.path,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent') || null,
        requestId: ctx.state.requestId,
      });
    }
  };
}

export function buildRouter(routes: RouteSpec[], deps: RouterDeps): Router<AppState> {
  const router = new Router<AppState>();
  const staticPaths = new Map<string, string[]>();
  for (const r of routes.filter((x) => !x.path.includes(':'))) {
    staticPaths.set(r.path, [...(staticPaths.get(r.path) ?? []), r.method.toUpperCase()]);
  }
  for (const route of routes) router[route.method](route.path, pipeline(route, deps, staticPaths));
  return router;
}
