import { TtlCache } from '@app/server/src/modules/dashboard/dashboard-cache';
import { FakeClock } from '../fakes/fake-clock';

describe(TtlCache.name, () => {
  const setup = (max = 10) => {
    const clock = new FakeClock(0);
    let calls = 0;
    const cache = new TtlCache<number>(clock, 30_000, max);
    const compute = () => {
      calls += 1;
      return Promise.resolve(calls);
    };
    return { clock, cache, compute, calls: () => calls };
  };

  it('reuses an answer until it is 30 s old', async () => {
    const { clock, cache, compute, calls } = setup();
    expect(await cache.get('a', compute)).toBe(1);
    clock.advance(29_999);
    expect(await cache.get('a', compute)).toBe(1);
    clock.advance(1);
    expect(await cache.get('a', compute)).toBe(2);
    expect(calls()).toBe(2);
  });

  it('lets concurrent requests for one key share one computation', async () => {
    const { cache, compute, calls } = setup();
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect([a, b, calls()]).toEqual([1, 1, 1]);
  });

  it('keeps keys apart and forgets the oldest beyond its size', async () => {
    const { cache, compute } = setup(2);
    await cache.get('a', compute);
    await cache.get('b', compute);
    await cache.get('c', compute);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', compute)).toBe(4);
  });

  it('does not keep a failure', async () => {
    const { cache, compute } = setup();
    await expect(cache.get('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await Promise.resolve();
    expect(await cache.get('x', compute)).toBe(1);
  });
});
