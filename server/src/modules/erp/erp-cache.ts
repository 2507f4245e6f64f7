import NodeCache from 'node-cache';
import type { Redis } from '../../platform/redis';
import type { Logger } from '../../platform/logger';
import { ErpUnavailableError } from '../../integrations/erp/erp.client';

export interface CacheEntry {
  value: unknown;
  storedAt: number;
}

/** Where ERP answers are kept: one process (node-cache) or every instance (Redis). */
export interface ErpCacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
}

/** node-cache, values by reference; entries live `keepS` (the stale window); beyond `maxKeys` nothing new is kept. */
export class MemoryErpCacheStore implements ErpCacheStore {
  private readonly cache: NodeCache;

  constructor(keepS: number, maxKeys: number) {
    this.cache = new NodeCache({ stdTTL: keepS, checkperiod: 120, useClones: false, maxKeys });
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.cache.get<CacheEntry>(key);
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    try {
      this.cache.set(key, entry);
    } catch {
      // ECACHEFULL: the answer is served, just not kept.
    }
  }

  close(): void {
    this.cache.close();
  }
}

/** Redis (REDIS_URL): shared by every instance. A Redis failure is a cache miss, never a failed request. */
export class RedisErpCacheStore implements ErpCacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly keepS: number,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    try {
      const raw = await this.redis.get(`erp:${key}`);
      return raw ? (JSON.parse(raw) as CacheEntry) : undefined;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'erp cache read failed');
      return undefined;
    }
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    try {
      await this.redis.set(`erp:${key}`, JSON.stringify(entry), 'EX', Math.max(1, this.keepS));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'erp cache write failed');
    }
  }
}

export type CacheOutcome = 'HIT' | 'MISS' | 'STALE';

export interface CachedRead<V> {
  value: V;
  cache: CacheOutcome;
  /** When the answer was read from the ERP (ms). */
  storedAt: number;
}

/**
 * Read-through: a fresh entry (younger than the endpoint's TTL) is answered without calling the ERP; concurrent
 * misses of one key share one ERP call, and while it runs an older entry is answered marked STALE; when the ERP fails,
 * an older entry (within the stale window) is answered marked STALE, and with none the failure goes up. `null`
 * answers (not found) are not kept.
 */
export class ErpReadThrough {
  private readonly inflight = new Map<string, Promise<CacheEntry>>();

  constructor(
    private readonly store: ErpCacheStore,
    private readonly now: () => number = Date.now,
  ) {}

  async read<V>(key: string, ttlS: number, load: () => Promise<V>): Promise<CachedRead<V>> {
    const entry = await this.store.get(key);
    if (entry && this.now() - entry.storedAt < ttlS * 1000) {
      return { value: entry.value as V, cache: 'HIT', storedAt: entry.storedAt };
    }
    // An expired entry whose refresh is already under way answers at once: one caller waits for the ERP, not all.
    if (entry && this.inflight.has(key)) return { value: entry.value as V, cache: 'STALE', storedAt: entry.storedAt };
    try {
      const { value, storedAt } = await this.shared(key, load);
      return { value, cache: 'MISS', storedAt };
    } catch (err) {
      if (entry && err instanceof ErpUnavailableError) {
        return { value: entry.value as V, cache: 'STALE', storedAt: entry.storedAt };
      }
      throw err;
    }
  }

  /** One ERP call per key at a time; answers the value with the time it was read (what the cache keeps). */
  private shared<V>(key: string, load: () => Promise<V>): Promise<{ value: V; storedAt: number }> {
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<{ value: V; storedAt: number }>;
    const loading = load()
      .then(async (value) => {
        const entry = { value, storedAt: this.now() };
        if (value !== null && value !== undefined) await this.store.set(key, entry);
        return entry;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, loading);
    return loading;
  }
}
