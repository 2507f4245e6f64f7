import { ErpUnavailableError } from '@app/server/src/integrations/erp/erp.client';
import { ErpReadThrough, MemoryErpCacheStore } from '@app/server/src/modules/erp/erp-cache';
import { erpMaterialStatus, erpOrderStatus, orderStatusesOf } from '@app/server/src/modules/erp/erp-status';

describe(ErpReadThrough.name, () => {
  let now = 1_000_000;
  let store: MemoryErpCacheStore;
  let cache: ErpReadThrough;
  beforeEach(() => {
    now = 1_000_000;
    store = new MemoryErpCacheStore(3600, 1000);
    cache = new ErpReadThrough(store, () => now);
  });
  afterEach(() => store.close());

  it('answers a fresh entry without calling the ERP, and calls again once the TTL has passed', async () => {
    const load = jest.fn(async () => ({ n: 1 }));
    expect(await cache.read('k', 30, load)).toEqual({ value: { n: 1 }, cache: 'MISS', storedAt: now });
    now += 29_000;
    expect(await cache.read('k', 30, load)).toMatchObject({ cache: 'HIT', storedAt: 1_000_000 });
    expect(load).toHaveBeenCalledTimes(1);
    now += 2_000;
    expect(await cache.read('k', 30, load)).toMatchObject({ cache: 'MISS', storedAt: now });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one ERP call among concurrent misses of one key', async () => {
    let release: (v: { n: number }) => void = () => undefined;
    const load = jest.fn(() => new Promise<{ n: number }>((r) => (release = r)));
    const both = Promise.all([cache.read('k', 30, load), cache.read('k', 30, load)]);
    await new Promise((r) => setImmediate(r));
    release({ n: 2 });
    const [a, b] = await both;
    expect(load).toHaveBeenCalledTimes(1);
    expect(a.value).toEqual({ n: 2 });
    expect(b.value).toEqual({ n: 2 });
  });

  it('serves an expired entry marked STALE when the ERP fails, and fails when there is none', async () => {
    await cache.read('k', 1, async () => ({ n: 1 }));
    now += 10_000;
    const down = async () => {
      throw new ErpUnavailableError('down', 'unavailable');
    };
    expect(await cache.read('k', 1, down)).toEqual({ value: { n: 1 }, cache: 'STALE', storedAt: 1_000_000 });
    await expect(cache.read('other', 1, down)).rejects.toBeInstanceOf(ErpUnavailableError);
  });

  it('does not hide programming errors behind a stale answer, and does not keep "not found"', async () => {
    await cache.read('k', 0, async () => ({ n: 1 }));
    await expect(
      cache.read('k', 0, async () => {
        throw new TypeError('bug');
      }),
    ).rejects.toBeInstanceOf(TypeError);
    const missing = jest.fn(async () => null);
    await cache.read('gone', 30, missing);
    await cache.read('gone', 30, missing);
    expect(missing).toHaveBeenCalledTimes(2);
  });
});

describe('ERP status vocabulary (DESIGN.md)', () => {
  it("maps 002's order statuses onto 003's", () => {
    expect(erpOrderStatus('PENDING_PO')).toBe('pending');
    expect(erpOrderStatus('HALTED')).toBe('producing');
    expect(erpOrderStatus('DELIVERED')).toBe('shipped');
    expect(erpOrderStatus('COMPLETED')).toBe('completed');
    expect(orderStatusesOf('producing').sort()).toEqual(
      ['HALTED', 'PENDING_DELIVERY', 'PENDING_PRODUCTION', 'PENDING_SHIPMENT'].sort(),
    );
    expect(orderStatusesOf('shipped').sort()).toEqual(['DELIVERED', 'SHIPPED']);
  });

  it("derives a material's status from its line and its order", () => {
    expect(erpMaterialStatus('PENDING', 'PENDING_PO')).toBe('pending');
    expect(erpMaterialStatus('ORDERED', 'PENDING_PRODUCTION')).toBe('producing');
    expect(erpMaterialStatus('IN_STOCK', 'PENDING_DELIVERY')).toBe('completed');
    expect(erpMaterialStatus('DELIVERED', 'DELIVERED')).toBe('shipped');
    expect(erpMaterialStatus('ORDERED', 'CANCELLED')).toBe('cancelled');
  });
});

describe('ErpReadThrough while a refresh is under way', () => {
  it('answers the expired entry at once, marked STALE, instead of queueing behind the ERP call', async () => {
    let now = 0;
    const store = new MemoryErpCacheStore(3600, 1000);
    const cache = new ErpReadThrough(store, () => now);
    await cache.read('k', 1, async () => ({ n: 1 }));
    now = 5_000;
    let release: (v: { n: number }) => void = () => undefined;
    const slow = cache.read('k', 1, () => new Promise<{ n: number }>((r) => (release = r)));
    await new Promise((r) => setImmediate(r));
    expect(await cache.read('k', 1, async () => ({ n: 3 }))).toEqual({ value: { n: 1 }, cache: 'STALE', storedAt: 0 });
    release({ n: 2 });
    expect((await slow).value).toEqual({ n: 2 });
    store.close();
  });
});
