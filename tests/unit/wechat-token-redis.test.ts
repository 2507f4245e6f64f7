import { RedisJobLock } from '@app/server/src/jobs/job-lock';
import { AccessTokenManager, type TokenSource } from '@app/server/src/integrations/wechat/wechat-token.manager';
import { RedisTokenStore } from '@app/server/src/integrations/wechat/wechat-token.store';
import { createLogger } from '@app/server/src/platform/logger';
import { createRedis, type Redis } from '@app/server/src/platform/redis';

const withRedis = process.env.TEST_REDIS_URL ? describe : describe.skip;
const logger = createLogger('silent');

withRedis('the WeChat access_token shared through Redis (REDIS_URL)', () => {
  let a: Redis;
  let b: Redis;
  const prefix = `wechat-token-test-${Date.now()}:`;
  beforeAll(async () => {
    a = createRedis(process.env.TEST_REDIS_URL ?? '', prefix, logger);
    b = createRedis(process.env.TEST_REDIS_URL ?? '', prefix, logger);
    await Promise.all([a.ping(), b.ping()].map((p) => p.catch(() => undefined)));
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => {
    a.disconnect();
    b.disconnect();
  });

  it('fetches one token for two instances asking at once; the other reads it from Redis', async () => {
    const calls: boolean[] = [];
    const source: TokenSource = {
      fetchToken: async (force) => {
        calls.push(force);
        await new Promise((r) => setTimeout(r, 50));
        return { token: `redis-token-${calls.length}`, expiresInSec: 7200 };
      },
    };
    const instance = (redis: Redis) =>
      new AccessTokenManager({
        source,
        store: new RedisTokenStore(redis, 'wechat-access-token:test'),
        lock: new RedisJobLock(redis),
        now: () => Date.now(),
        pollMs: 10,
      });
    const [first, second] = [instance(a), instance(b)];
    const tokens = await Promise.all([
      ...Array.from({ length: 25 }, () => first.get()),
      ...Array.from({ length: 25 }, () => second.get()),
    ]);
    expect(new Set(tokens)).toEqual(new Set(['redis-token-1']));
    expect(calls).toEqual([false]);
    // Both refuse the token (40001): one forced refresh between them.
    const next = await Promise.all([first.refuse('redis-token-1'), second.refuse('redis-token-1')]);
    expect(next).toEqual(['redis-token-2', 'redis-token-2']);
    expect(calls).toEqual([false, true]);
    expect(await a.pttl('wechat-access-token:test')).toBeGreaterThan(7000_000);
  });
});
