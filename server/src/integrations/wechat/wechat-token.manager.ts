import { AppError } from '../../http/app-error';
import type { JobLock } from '../../jobs/job-lock';

/** An access_token as kept in the shared store: the token and when WeChat stops accepting it (epoch ms). */
export interface StoredToken {
  token: string;
  expiresAt: number;
}

/** Where every instance finds the current token: Redis when configured, else the database. */
export interface TokenStore {
  read(): Promise<StoredToken | null>;
  write(token: StoredToken): Promise<void>;
}

/** WeChat's `stable_token`: `forceRefresh` asks for a new token even while the old one is still valid. */
export interface TokenSource {
  fetchToken(forceRefresh: boolean): Promise<{ token: string; expiresInSec: number }>;
}

export interface AccessTokenManagerOptions {
  source: TokenSource;
  store: TokenStore;
  /** The cross-instance lease (Redis or `job_locks`), so parallel instances refresh once between them. */
  lock: JobLock;
  now: () => number;
  /** A token is replaced this long before it expires (default 5 minutes). */
  marginMs?: number;
  /** The lease lasts at most this long (a crashed holder frees it by itself); also how long others wait. */
  lockTtlMs?: number;
  /** How often an instance that lost the lease looks in the store for the winner's token. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const LOCK_NAME = 'wechat-access-token';

/**
 * One access_token for the whole system: kept in memory and in the shared store until `marginMs` before it
 * expires, then refreshed once. In one process a single promise is shared by every caller (single flight);
 * between processes the lease decides who calls `stable_token`, and the others read its token from the store.
 * `refuse(token)` is for a token WeChat answered 40001/42001 to: the next token is fetched with force_refresh,
 * again once for all callers that saw the same refusal.
 */
export class AccessTokenManager {
  private cached: StoredToken | null = null;
  private inflight: Promise<string> | null = null;
  private readonly marginMs: number;
  private readonly lockTtlMs: number;
  private readonly pollMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: AccessTokenManagerOptions) {
    this.marginMs = o.marginMs ?? 5 * 60_000;
    this.lockTtlMs = o.lockTtlMs ?? 10_000;
    this.pollMs = o.pollMs ?? 50;
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** A token good for at least `marginMs`. */
  async get(): Promise<string> {
    if (this.usable(this.cached, null)) return this.cached.token;
    return this.singleFlight(null);
  }

  /** WeChat refused `token` (40001/42001): a newer token, fetched once however many callers saw the refusal. */
  async refuse(token: string): Promise<string> {
    if (this.inflight) return this.inflight;
    if (this.usable(this.cached, token)) return this.cached.token;
    return this.singleFlight(token);
  }

  private usable(t: StoredToken | null, refused: string | null): t is StoredToken {
    return t !== null && t.token !== refused && t.expiresAt - this.marginMs > this.o.now();
  }

  private singleFlight(refused: string | null): Promise<string> {
    this.inflight ??= this.load(refused).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async load(refused: string | null): Promise<string> {
    const deadline = this.o.now() + this.lockTtlMs;
    for (;;) {
      const shared = await this.o.store.read();
      if (this.usable(shared, refused)) return this.keep(shared);
      const lease = await this.o.lock.acquire(LOCK_NAME, this.lockTtlMs);
      if (lease) {
        try {
          // Another instance may have written a token between our read and our lease.
          const again = await this.o.store.read();
          if (this.usable(again, refused)) return this.keep(again);
          const fetched = await this.o.source.fetchToken(refused !== null);
          const fresh = { token: fetched.token, expiresAt: this.o.now() + fetched.expiresInSec * 1000 };
          await this.o.store.write(fresh);
          return this.keep(fresh);
        } finally {
          await this.o.lock.release(LOCK_NAME, lease).catch(() => undefined);
        }
      }
      if (this.o.now() > deadline) throw new AppError('SERVICE_UNAVAILABLE', '微信接口凭证刷新超时，请稍后再试');
      await this.sleep(this.pollMs);
    }
  }

  private keep(t: StoredToken): string {
    this.cached = t;
    return t.token;
  }
}
