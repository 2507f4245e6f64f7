import type { Redis } from 'ioredis';
import type { StoredToken, TokenStore } from './wechat-token.manager';

/** The shared access_token in Redis, expiring with the token itself. */
export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async read(): Promise<StoredToken | null> {
    const raw = await this.redis.get(this.key);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredToken>;
      return typeof parsed.token === 'string' && typeof parsed.expiresAt === 'number'
        ? { token: parsed.token, expiresAt: parsed.expiresAt }
        : null;
    } catch {
      return null;
    }
  }

  async write(token: StoredToken): Promise<void> {
    const ttl = Math.max(1000, token.expiresAt - Date.now());
    await this.redis.set(this.key, JSON.stringify(token), 'PX', ttl);
  }
}
