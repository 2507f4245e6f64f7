import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { AppError } from './app-error';
import type { AppContext } from './context';
import type { RateLimitRule } from './route';

/**
 * Creates limiters: in memory by default; in Redis when configured, with an in-memory insurance
 * limiter that takes over while Redis fails, so a Redis outage never fails requests.
 */
export class RateLimiterFactory {
  constructor(private readonly redis: Redis | null) {}

  create(keyPrefix: string, rule: RateLimitRule): RateLimiterAbstract {
    const opts = { keyPrefix: `rl:${keyPrefix}`, points: rule.points, duration: rule.durationSec };
    if (!this.redis) return new RateLimiterMemory(opts);
    return new RateLimiterRedis({
      ...opts,
      storeClient: this.redis,
      useRedisPackage: false,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(opts),
    });
  }
}

interface BoundLimiter {
  limiter: RateLimiterAbstract;
  rule: RateLimitRule;
}

function setHeaders(ctx: AppContext, rule: RateLimitRule, res: RateLimiterRes): void {
  ctx.set('RateLimit-Limit', String(rule.points));
  ctx.set('RateLimit-Remaining', String(Math.max(0, res.remainingPoints)));
  ctx.set('RateLimit-Reset', String(Math.ceil(res.msBeforeNext / 1000)));
}

/** Consumes one point from each limiter; the tightest one's headers are reported. */
export async function consumeAll(ctx: AppContext, limiters: BoundLimiter[]): Promise<void> {
  let tightest: { rule: RateLimitRule; res: RateLimiterRes } | null = null;
  for (const { limiter, rule } of limiters) {
    const key = rule.by === 'user' && ctx.state.principal ? `u:${ctx.state.principal.userId}` : `ip:${ctx.ip}`;
    try {
      const res = await limiter.consume(key);
      if (!tightest || res.remainingPoints < tightest.res.remainingPoints) tightest = { rule, res };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      setHeaders(ctx, rule, rejection);
      const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw new AppError('RATE_LIMITED', undefined, { retryAfter: Number(retryAfter) }, { 'Retry-After': retryAfter });
    }
  }
  if (tightest) setHeaders(ctx, tightest.rule, tightest.res);
}
