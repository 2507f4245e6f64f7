import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Sequelize, Transaction, type Options } from 'sequelize';
import type { Config } from '@app/config';
import { Mutex } from '../platform/mutex';

export type Dialect = 'sqlite' | 'mysql';

/**
 * The database handle every repository receives. `transaction()` is the only way to start one:
 * in SQLite mode it serializes write transactions (one writer at a time, IMMEDIATE locking),
 * so concurrent requests never fail with SQLITE_BUSY.
 */
export class Database {
  private readonly writeLock = new Mutex();

  constructor(
    readonly sequelize: Sequelize,
    readonly dialect: Dialect,
  ) {}

  /**
   * Runs `fn` in a transaction. On MySQL a transaction chosen as a deadlock victim is rolled back by
   * the server; it is retried (up to 3 attempts, with jitter), so callers see a deadlock only if it
   * persists. `fn` must therefore only touch the database (no outside side effects).
   */
  async transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    if (this.dialect !== 'sqlite') {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.sequelize.transaction(fn);
        } catch (err) {
          if (attempt >= 3 || !isDeadlock(err)) throw err;
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
        }
      }
    }
    return this.writeLock.run(() => this.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, fn));
  }

  /** Serializes a single write statement outside a transaction (SQLite only; a no-op wrapper on MySQL). */
  write<T>(fn: () => Promise<T>): Promise<T> {
    return this.dialect === 'sqlite' ? this.writeLock.run(fn) : fn();
  }

  async ping(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.sequelize.query('SELECT 1').then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.sequelize.close();
  }
}

/** MySQL/MariaDB deadlock victim (1213) or lock-wait timeout (1205). */
function isDeadlock(err: unknown): boolean {
  const code = (err as { parent?: { errno?: number } } | null)?.parent?.errno;
  return code === 1213 || code === 1205;
}

export function createDatabase(db: Config['database']): Database {
  const common: Options = {
    logging: db.logSql ? (sql) => process.stdout.write(sql + '\n') : false,
    timezone: '+00:00',
    define: { underscored: false, freezeTableName: true },
  };
  if (db.dialect === 'sqlite') {
    if (db.storage !== ':memory:') mkdirSync(dirname(db.storage), { recursive: true });
    const sequelize = new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage: db.storage,
      pool: { max: 1, min: 0, acquire: db.acquireMs, idle: 10000 },
      retry: { max: 3, match: [/SQLITE_BUSY/] },
      hooks: {
        afterConnect: async (connection: unknown) => {
          const conn = connection as { run(sql: string, cb: (e: Error | null) => void): void };
          for (const pragma of [
            'PRAGMA journal_mode = WAL',
            'PRAGMA synchronous = NORMAL',
            'PRAGMA busy_timeout = 5000',
            'PRAGMA foreign_keys = ON',
          ]) {
            await new Promise<void>((resolve, reject) => conn.run(pragma, (e) => (e ? reject(e) : resolve())));
          }
        },
      },
    });
    return new Database(sequelize, 'sqlite');
  }
  const sequelize = new Sequelize(db.url, {
    ...common,
    dialect: 'mysql',
    dialectOptions: { charset: 'utf8mb4', connectTimeout: 5000, decimalNumbers: false, dateStrings: false },
    define: { ...common.define, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    pool: { max: db.poolMax, min: 0, acquire: db.acquireMs, idle: 10000, evict: 1000 },
  });
  return new Database(sequelize, 'mysql');
}
