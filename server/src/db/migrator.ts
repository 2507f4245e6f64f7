import type { QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Database } from './database';
import * as foundation from './migrations/0001-foundation';

type Step = (params: { context: QueryInterface }) => Promise<void>;

/** Migrations in order. Listed explicitly so the bundled server carries them. */
const MIGRATIONS: { name: string; up: Step; down: Step }[] = [{ name: '0001-foundation', ...foundation }];

export function createMigrator(db: Database): Umzug<QueryInterface> {
  return new Umzug({
    migrations: MIGRATIONS.map((m) => ({ name: m.name, up: m.up, down: m.down })),
    context: db.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

export async function migrate(db: Database): Promise<string[]> {
  const applied = await createMigrator(db).up();
  return applied.map((m) => m.name);
}
