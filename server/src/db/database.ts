import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createPool, type Pool, type RowDataPacket } from 'mysql2';
import { QueryTypes, Sequelize, Transaction, type Options } from 'sequelize';
import type { Config } from '@app/config';
import { Mutex } from '../platform/mutex';

export type Dialect = 'sqlite' | 'mysql';

/** A row as a driver returns it raw (mysql2: Date, DECIMAL string, 0/1; SQLite: date string, number, 0/1). */
export type RawRow = Record<string, unknown>;
export type SqlParam = string | number | null;

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
    /** MySQL only: the hot read paths' own small pool (see `select`). */
    private readonly reader: Pool | null = null,
  ) {}

  /**
   * A read-only SELECT outside any transaction, rows raw (convert them with the module's record mappers). On MySQL
   * it goes through a small mysql2 pool of its own that uses mysql2's compiled row parser: Sequelize's connections
   * route every field through a type-cast hook, which costs several times the CPU per row (measured in
   * bench/README.md). On SQLite it goes through Sequelize (one connection).
   */
  async select(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    if (!this.reader) return this.sequelize.query<RawRow>(sql, { replacements: [...params], type: QueryTypes.SELECT });
    const reader = this.reader;
    // The callback API: mysql2's promise wrapper captures a stack trace per query.
    return new Promise((resolve, reject) =>
      reader.query<RowDataPacket[]>({ sql, values: [...params], timeout: READ_TIMEOUT_MS }, (err, rows) =>
        err ? reject(err) : resolve(rows),
      ),
    );
  }

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

  async close(): Promise<void> {
    const reader = this.reader;
    await Promise.all([
      this.sequelize.close(),
      reader ? new Promise<void>((resolve) => reader.end(() => resolve())) : undefined,
    ]);
  }
}

/** A hot-path read that takes longer than this fails instead of holding the request. */
const READ_TIMEOUT_MS = 10_000;

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
  const readers = Math.max(1, Math.min(db.poolMax, 8));
  const reader = createPool({
    uri: db.url,
    connectionLimit: readers,
    // Idle connections stay (up to the limit) and close after 10 s unused: no connect per request under load.
    maxIdle: readers,
    idleTimeout: 10_000,
    connectTimeout: 5000,
    charset: 'utf8mb4',
    timezone: 'Z',
    decimalNumbers: false,
    dateStrings: false,
  });
  return new Database(sequelize, 'mysql', reader);
}
