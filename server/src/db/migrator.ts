import type { QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Database } from './database';
import * as foundation from './migrations/0001-foundation';
import * as products from './migrations/0002-products';
import * as crm from './migrations/0003-crm';
import * as quotations from './migrations/0004-quotations';
import * as orders from './migrations/0005-orders';
import * as jiedan from './migrations/0006-jiedan';
import * as uploads from './migrations/0007-uploads';
import * as progress from './migrations/0008-progress';
import * as wechatNotices from './migrations/0009-wechat-notices';
import * as contracts from './migrations/0010-contracts';
import * as tickets from './migrations/0011-tickets';
import * as paymentsInvoices from './migrations/0012-payments-invoices';
import * as shipments from './migrations/0013-shipments';
import * as tasks from './migrations/0014-tasks';
import * as dashboard from './migrations/0015-dashboard';

type Step = (params: { context: QueryInterface }) => Promise<void>;

/** Migrations in order. Listed explicitly so the bundled server carries them. */
const MIGRATIONS: { name: string; up: Step; down: Step }[] = [
  { name: '0001-foundation', ...foundation },
  { name: '0002-products', ...products },
  { name: '0003-crm', ...crm },
  { name: '0004-quotations', ...quotations },
  { name: '0005-orders', ...orders },
  { name: '0006-jiedan', ...jiedan },
  { name: '0007-uploads', ...uploads },
  { name: '0008-progress', ...progress },
  { name: '0009-wechat-notices', ...wechatNotices },
  { name: '0010-contracts', ...contracts },
  { name: '0011-tickets', ...tickets },
  { name: '0012-payments-invoices', ...paymentsInvoices },
  { name: '0013-shipments', ...shipments },
  { name: '0014-tasks', ...tasks },
  { name: '0015-dashboard', ...dashboard },
];

export function createMigrator(db: Database): Umzug<QueryInterface> {
  return new Umzug({
    migrations: MIGRATIONS.map((m) => ({ name: m.name, up: m.up, down: m.down })),
    context: db.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

export async function migrate(db: Database): Promise<string[]> {
  return (await createMigrator(db).up()).map((m) => m.name);
}

const BOOT_LOCK = 'order_platform_boot';

/**
 * Runs boot steps (migrations, catalogue sync, demo seed) under a database-wide lock. On MySQL several
 * instances may boot at once: a named lock, held on one pinned connection, lets them take turns, so
 * the later ones find the work done. SQLite mode is one process and needs no lock.
 */
export async function withBootLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'mysql') return fn();
  return db.sequelize.transaction(async (t) => {
    const [rows] = await db.sequelize.query(`SELECT GET_LOCK('${BOOT_LOCK}', 120) AS got`, { transaction: t });
    if ((rows as { got: number | null }[])[0]?.got !== 1) throw new Error('could not take the boot lock within 120 s');
    try {
      return await fn();
    } finally {
      await db.sequelize.query(`SELECT RELEASE_LOCK('${BOOT_LOCK}')`, { transaction: t });
    }
  });
}
