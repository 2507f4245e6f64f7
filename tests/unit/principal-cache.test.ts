import { PrincipalCache } from '@app/server/src/modules/access/principal-cache';
import type { Principal } from '@app/server/src/modules/access/principal';
import { createLogger } from '@app/server/src/platform/logger';
import { deferred, type Deferred } from '../fakes/deferred';
import { fakePublisher, fakeSubscriber } from '../fakes/fake-redis-pubsub';
import { staffPrincipal } from '../fakes/principals';

const logger = createLogger('silent');

/** A loader that records each call and answers a fresh principal (tokenVersion = call number). */
function countingLoader() {
  const calls: number[] = [];
  const load = async (userId: number): Promise<Principal | null> => {
    calls.push(userId);
    return staffPrincipal({ userId, tokenVersion: calls.length });
  };
  return { calls, load };
}

/** A loader whose every call waits for the test to settle it. */
function deferredLoader() {
  const pending: Deferred<Principal | null>[] = [];
  const load = (_userId: number): Promise<Principal | null> => {
    const d = deferred<Principal | null>();
    pending.push(d);
    return d.promise;
  };
  return { pending, load };
}

const options = (overrides: Partial<ConstructorParameters<typeof PrincipalCache>[1]> = {}) => ({
  ttlMs: 60_000,
  maxEntries: 100,
  publisher: null,
  channel: 'principal-invalidate',
  logger,
  ...overrides,
});

describe(PrincipalCache.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('loads once and answers the second get from the cache', async () => {
    const { calls, load } = countingLoader();
    const cache = new PrincipalCache(load, options());
    const first = await cache.get(7);
    const second = await cache.get(7);
    expect(calls).toEqual([7]);
    expect(second).toBe(first);
    expect(second).toMatchObject({ userId: 7, tokenVersion: 1 });
  });

  it('caches per user', async () => {
    const { calls, load } = countingLoader();
    const cache = new PrincipalCache(load, options());
    await cache.get(1);
    await cache.get(2);
    await cache.get(1);
    await cache.get(2);
    expect(calls).toEqual([1, 2]);
  });

  it('shares one load between concurrent gets', async () => {
    const { pending, load } = deferredLoader();
    const cache = new PrincipalCache(load, options());
    const a = cache.get(7);
    const b = cache.get(7);
    const c = cache.get(7);
    expect(pending).toHaveLength(1);
    const principal = staffPrincipal({ userId: 7 });
    pending[0].resolve(principal);
    await expect(Promise.all([a, b, c])).resolves.toEqual([principal, principal, principal]);
    await cache.get(7);
    expect(pending).toHaveLength(1);
  });

  it('does not cache a user that does not exist (null), nor a failed load', async () => {
    const calls: number[] = [];
    const results: Array<Principal | null | Error> = [null, new Error('db down'), staffPrincipal({ userId: 5 })];
    const cache = new PrincipalCache(async (userId) => {
      calls.push(userId);
      const next = results.shift() ?? null;
      if (next instanceof Error) throw next;
      return next;
    }, options());
    await expect(cache.get(5)).resolves.toBeNull();
    await expect(cache.get(5)).rejects.toThrow('db down');
    await expect(cache.get(5)).resolves.toMatchObject({ userId: 5 });
    await expect(cache.get(5)).resolves.toMatchObject({ userId: 5 });
    expect(calls).toEqual([5, 5, 5]);
  });

  it('invalidate(userId) reloads that user only', async () => {
    const { calls, load } = countingLoader();
    const cache = new PrincipalCache(load, options());
    await cache.get(1);
    await cache.get(2);
    cache.invalidate(1);
    await expect(cache.get(1)).resolves.toMatchObject({ userId: 1, tokenVersion: 3 });
    await cache.get(2);
    expect(calls).toEqual([1, 2, 1]);
  });

  it('invalidate() with no user forgets everyone', async () => {
    const { calls, load } = countingLoader();
    const cache = new PrincipalCache(load, options());
    await cache.get(1);
    await cache.get(2);
    cache.invalidate();
    await cache.get(1);
    await cache.get(2);
    expect(calls).toEqual([1, 2, 1, 2]);
  });

  it('reloads an entry once its TTL has passed', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const { calls, load } = countingLoader();
    const cache = new PrincipalCache(load, options({ ttlMs: 1000 }));
    await cache.get(7);
    now.mockReturnValue(1_000_999);
    await cache.get(7);
    expect(calls).toHaveLength(1);
    now.mockReturnValue(1_001_000);
    await expect(cache.get(7)).resolves.toMatchObject({ tokenVersion: 2 });
    expect(calls).toHaveLength(2);
  });

  it('holds at most maxEntries users, dropping the oldest', async () => {
    const { calls, load } = countingLoader();
    const cache = new PrincipalCache(load, options({ maxEntries: 2 }));
    await cache.get(1);
    await cache.get(2);
    await cache.get(3);
    await cache.get(2);
    await cache.get(3);
    expect(calls).toEqual([1, 2, 3]);
    await cache.get(1);
    expect(calls).toEqual([1, 2, 3, 1]);
  });

  describe('a load that races with an invalidation', () => {
    it('is not joined by a get that comes after the invalidation', async () => {
      const { pending, load } = deferredLoader();
      const cache = new PrincipalCache(load, options());
      const stale = cache.get(7);
      cache.invalidate(7);
      const fresh = cache.get(7);
      expect(pending).toHaveLength(2);
      pending[1].resolve(staffPrincipal({ userId: 7, tokenVersion: 1 }));
      pending[0].resolve(staffPrincipal({ userId: 7, tokenVersion: 0 }));
      await expect(stale).resolves.toMatchObject({ tokenVersion: 0 });
      await expect(fresh).resolves.toMatchObject({ tokenVersion: 1 });
      await expect(cache.get(7)).resolves.toMatchObject({ tokenVersion: 1 });
      expect(pending).toHaveLength(2);
    });

    it('answers its caller but is not cached', async () => {
      const { pending, load } = deferredLoader();
      const cache = new PrincipalCache(load, options());
      const stale = cache.get(7);
      cache.invalidate(7);
      pending[0].resolve(staffPrincipal({ userId: 7, tokenVersion: 0 }));
      await expect(stale).resolves.toMatchObject({ tokenVersion: 0 });

      const next = cache.get(7);
      expect(pending).toHaveLength(2);
      pending[1].resolve(staffPrincipal({ userId: 7, tokenVersion: 1 }));
      await expect(next).resolves.toMatchObject({ tokenVersion: 1 });
    });

    it('is not cached either when everyone is invalidated', async () => {
      const { pending, load } = deferredLoader();
      const cache = new PrincipalCache(load, options());
      const stale = cache.get(7);
      cache.invalidate();
      pending[0].resolve(staffPrincipal({ userId: 7 }));
      await stale;
      void cache.get(7);
      expect(pending).toHaveLength(2);
    });
  });

  describe('with Redis', () => {
    it('publishes each invalidation (a user id, or * for everyone) when the publisher is ready', () => {
      const publisher = fakePublisher('ready');
      const cache = new PrincipalCache(countingLoader().load, options({ publisher: publisher.client }));
      cache.invalidate(7);
      cache.invalidate();
      expect(publisher.published).toEqual([
        { channel: 'principal-invalidate', message: '7' },
        { channel: 'principal-invalidate', message: '*' },
      ]);
    });

    it('still invalidates locally, without publishing, while the publisher is not connected', async () => {
      const publisher = fakePublisher('reconnecting');
      const { calls, load } = countingLoader();
      const cache = new PrincipalCache(load, options({ publisher: publisher.client }));
      await cache.get(7);
      cache.invalidate(7);
      await cache.get(7);
      expect(calls).toEqual([7, 7]);
      expect(publisher.published).toEqual([]);
    });

    it('drops what another instance invalidated', async () => {
      const subscriber = fakeSubscriber();
      const { calls, load } = countingLoader();
      const cache = new PrincipalCache(load, options());
      await cache.subscribe(subscriber.client);
      expect(subscriber.channels).toEqual(['principal-invalidate']);

      await cache.get(1);
      await cache.get(2);
      subscriber.deliver('principal-invalidate', '1');
      await cache.get(1);
      await cache.get(2);
      expect(calls).toEqual([1, 2, 1]);

      subscriber.deliver('principal-invalidate', '*');
      await cache.get(1);
      await cache.get(2);
      expect(calls).toEqual([1, 2, 1, 1, 2]);

      await cache.close();
      expect(subscriber.quitCalls).toBe(1);
    });

    it('ignores invalidations of other caches sharing the subscriber connection', async () => {
      const subscriber = fakeSubscriber();
      const { calls, load } = countingLoader();
      const cache = new PrincipalCache(load, options());
      await cache.subscribe(subscriber.client);
      await cache.get(1);
      subscriber.deliver('order-invalidate', '1');
      subscriber.deliver('order-invalidate', '*');
      await cache.get(1);
      expect(calls).toEqual([1]);
    });
  });
});
