import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError } from 'sequelize';
import type { Redis } from 'ioredis';
import type { Database } from '../db/database';
import { JobLockModel } from '../db/models';

/** A lease: at most one holder per name until `ttlMs` passes or it is released. */
export interface JobLock {
  acquire(name: string, ttlMs: number): Promise<string | null>;
  release(name: string, token: string): Promise<void>;
}

/** Leases in the `job_locks` table: a conditional UPDATE/INSERT decides the single winner. */
export class DatabaseJobLock implements JobLock {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async acquire(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const now = this.now();
    const until = new Date(now.getTime() + ttlMs);
    return this.db.write(async () => {
      const [taken] = await JobLockModel.update(
        { owner: token, lockedUntil: until },
        { where: { name, lockedUntil: { [Op.lt]: now } } },
      );
      if (taken === 1) return token;
      try {
        await JobLockModel.create({ name, owner: token, lockedUntil: until });
        return token;
      } catch (err) {
        if (err instanceof UniqueConstraintError) return null;
        throw err;
      }
    });
  }

  async release(name: string, token: string): Promise<void> {
    await this.db.write(() => JobLockModel.destroy({ where: { name, owner: token } }));
  }
}

const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Leases in Redis: SET NX PX, released only by the holder. */
export class RedisJobLock implements JobLock {
  constructor(private readonly redis: Redis) {}

  async acquire(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(`job-lock:${name}`, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  async release(name: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, `job-lock:${name}`, token);
  }
}
