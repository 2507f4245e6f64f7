import type { Redis } from 'ioredis';
import type { Logger } from './logger';

export interface SharedCacheOptions {
  /** What the cache holds, for log lines. */
  name: string;
  ttlMs: number;
  maxEntries: number;
  publisher: Redis | null;
  /** Pub/sub channel (channels are not prefixed by ioredis' keyPrefix). */
  channel: string;
  logger: Logger;
}

/**
 * id → value loaded from the database, kept until a write invalidates it. With Redis configured the invalidation
 * reaches every instance by pub/sub; a TTL bounds staleness if a message is ever lost. A load that raced with an
 * invalidation is answered but not kept, so a value read before a write committed never outlives it.
 */
export class SharedCache<V> {
  private readonly entries = new Map<number, { value: V; loadedAt: number }>();
  private readonly inflight = new Map<number, Promise<V | null>>();
  private subscriber: Redis | null = null;
  private readonly dropListeners: ((id: number | undefined) => void)[] = [];
  /** Bumped by every invalidation, so a load that raced with one is not cached. */
  private generation = 0;

  constructor(
    private readonly load: (id: number) => Promise<V | null>,
    private readonly options: SharedCacheOptions,
  ) {}

  async get(id: number): Promise<V | null> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.loadedAt < this.options.ttlMs) return hit.value;
    const pending = this.inflight.get(id);
    if (pending) return pending;
    const generation = this.generation;
    const loading = this.load(id)
      .then((value) => {
        if (value !== null && generation === this.generation) this.store(id, value);
        return value;
      })
      .finally(() => {
        if (this.inflight.get(id) === loading) this.inflight.delete(id);
      });
    this.inflight.set(id, loading);
    return loading;
  }

  /** Forget one id (or everything when `id` is omitted), here and on every other instance. */
  invalidate(id?: number): void {
    this.drop(id);
    const publisher = this.options.publisher;
    if (publisher && publisher.status === 'ready') {
      publisher.publish(this.options.channel, id === undefined ? '*' : String(id)).catch((err: Error) => {
        this.options.logger.warn({ err: err.message }, `${this.options.name} invalidation not published`);
      });
    }
  }

  /** Told of every drop, here or (through pub/sub) from another instance: "this id changed somewhere". */
  onDrop(listener: (id: number | undefined) => void): void {
    this.dropListeners.push(listener);
  }

  async subscribe(subscriber: Redis): Promise<void> {
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.options.channel) this.drop(message === '*' ? undefined : Number(message));
    });
    // After a reconnect, messages sent meanwhile are lost: forget everything rather than trust it.
    let connectedBefore = false;
    subscriber.on('ready', () => {
      if (connectedBefore) this.drop(undefined);
      connectedBefore = true;
    });
    await subscriber.subscribe(this.options.channel);
  }

  async close(): Promise<void> {
    if (this.subscriber) await this.subscriber.quit().catch(() => undefined);
  }

  private drop(id: number | undefined): void {
    this.generation += 1;
    this.inflight.clear();
    if (id === undefined) this.entries.clear();
    else this.entries.delete(id);
    for (const listener of this.dropListeners) listener(id);
  }

  private store(id: number, value: V): void {
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(id, { value, loadedAt: Date.now() });
  }
}
