import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger';
import type { Principal } from './principal';

/**
 * userId → Principal, so checking a token (active? token version? permissions?) costs no
 * database query in the steady state. Every write that changes what a principal may do calls
 * invalidate(); with Redis configured the invalidation reaches every instance by pub/sub, and a
 * short TTL bounds staleness if a message is ever lost.
 */
export class PrincipalCache {
  private readonly entries = new Map<number, { principal: Principal; loadedAt: number }>();
  private readonly inflight = new Map<number, Promise<Principal | null>>();
  private subscriber: Redis | null = null;
  /** Bumped by every invalidation, so a load that raced with one is not cached. */
  private generation = 0;

  constructor(
    private readonly load: (userId: number) => Promise<Principal | null>,
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      publisher: Redis | null;
      /** Pub/sub channel (channels are not prefixed by ioredis' keyPrefix). */
      channel: string;
      logger: Logger;
    },
  ) {}

  async get(userId: number): Promise<Principal | null> {
    const hit = this.entries.get(userId);
    if (hit && Date.now() - hit.loadedAt < this.options.ttlMs) return hit.principal;
    const pending = this.inflight.get(userId);
    if (pending) return pending;
    const generation = this.generation;
    const loading = this.load(userId)
      .then((principal) => {
        if (principal && generation === this.generation) this.store(userId, principal);
        return principal;
      })
      .finally(() => {
        if (this.inflight.get(userId) === loading) this.inflight.delete(userId);
      });
    this.inflight.set(userId, loading);
    return loading;
  }

  /** Forget one user (or everyone when `userId` is omitted), here and on every other instance. */
  invalidate(userId?: number): void {
    this.drop(userId);
    const publisher = this.options.publisher;
    if (publisher && publisher.status === 'ready') {
      publisher.publish(this.options.channel, userId === undefined ? '*' : String(userId)).catch((err: Error) => {
        this.options.logger.warn({ err: err.message }, 'principal invalidation not published');
      });
    }
  }

  async subscribe(subscriber: Redis): Promise<void> {
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) =>
      this.drop(message === '*' ? undefined : Number(message)),
    );
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

  private drop(userId: number | undefined): void {
    this.generation += 1;
    this.inflight.clear();
    if (userId === undefined) this.entries.clear();
    else this.entries.delete(userId);
  }

  private store(userId: number, principal: Principal): void {
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(userId, { principal, loadedAt: Date.now() });
  }
}
