import { createRedis, type Redis } from '@app/server/src/platform/redis';
import { createLogger } from '@app/server/src/platform/logger';
import { ErpUnavailableError } from '@app/server/src/integrations/erp/erp.client';
import { ErpReadThrough, RedisErpCacheStore } from '@app/server/src/modules/erp/erp-cache';

const withRedis = process.env.TEST_REDIS_URL ? describe : describe.skip;
const logger = createLogger('silent');

withRedis('the ERP cache in Redis (REDIS_URL)', () => {
  let a: Redis;
  let b: Redis;
  const prefix = `erp-test-${Date.now()}:`;
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

  it('answers one instance from what another read, and serves it stale when the ERP fails', async () => {
    const first = new ErpReadThrough(new RedisErpCacheStore(a, 3600, logger));
    const second = new ErpReadThrough(new RedisErpCacheStore(b, 3600, logger));
    const load = jest.fn(async () => ({ orders: ['x'] }));
    expect((await first.read('search:1', 30, load)).cache).toBe('MISS');
    const hit = await second.read('search:1', 30, load);
    expect(hit).toMatchObject({ cache: 'HIT', value: { orders: ['x'] } });
    expect(load).toHaveBeenCalledTimes(1);
    const down = async () => {
      throw new ErpUnavailableError('down', 'unavailable');
    };
    expect(await second.read('search:1', 0, down)).toMatchObject({ cache: 'STALE', value: { orders: ['x'] } });
    expect(await a.ttl('erp:search:1')).toBeGreaterThan(3000);
  });
});

describe('the ERP cache with Redis unreachable', () => {
  it('reads through to the ERP instead of failing', async () => {
    const down = createRedis('redis://127.0.0.1:1', 'erp-down:', logger);
    try {
      const cache = new ErpReadThrough(new RedisErpCacheStore(down, 60, logger));
      expect(await cache.read('k', 30, async () => ({ n: 1 }))).toMatchObject({ cache: 'MISS', value: { n: 1 } });
    } finally {
      down.disconnect();
    }
  });
});
