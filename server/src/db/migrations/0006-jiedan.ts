import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });

/**
 * 001 接单: the `jiedan` table with 001's snake_case columns. `factory_id` is a BIGINT with a foreign key to
 * factories.id (001 says varchar(191); our factories have integer ids and are only ever soft-deleted), `agree_user_id`
 * a BIGINT user id.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable(
    'jiedan',
    {
      id: idColumn(qi),
      // Like every order reference in the schema, no database foreign key: the order row is read under a lock in
      // the transaction that writes the bid, and SQLite could no longer rebuild `orders` for a column change once
      // bids pointed at it.
      order_id: refColumn(qi, false),
      factory_id: { ...refColumn(qi, false), references: { model: 'factories', key: 'id' } },
      /** pending | accepted | rejected */
      status: str(50, false),
      price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      jiedan_time: time(),
      agree_time: time(true),
      agree_user_id: refColumn(qi),
      reject_reason: str(500),
      rejected_by: refColumn(qi),
      rejected_at: time(true),
      /** 1 while live, NULL once deleted: part of the one-live-bid-per-factory-and-order key. */
      alive: { type: DataTypes.TINYINT, allowNull: true, defaultValue: 1 },
      /** = order_id while accepted and live, NULL otherwise: at most one accepted bid per order. */
      accepted_order_id: refColumn(qi),
      created_by: refColumn(qi),
      updated_by: refColumn(qi),
      created_at: time(),
      updated_at: time(),
      deleted_at: time(true),
    },
    tableOptions,
  );
  // One live bid per factory per order, decided by the database under concurrency (001 rule 1 → 409).
  // NULLs are distinct in MariaDB and SQLite, so deleted bids (alive NULL) never collide.
  await qi.addIndex('jiedan', ['order_id', 'factory_id', 'alive'], { unique: true, name: 'uq_jiedan_order_factory' });
  await qi.addIndex('jiedan', ['accepted_order_id'], { unique: true, name: 'uq_jiedan_accepted_order' });
  // A factory's bids newest first (001 §4), and its statistics (001 §9).
  await qi.addIndex('jiedan', ['factory_id', 'alive', 'id'], { name: 'ix_jiedan_factory' });
  await qi.addIndex('jiedan', ['factory_id', 'alive', 'status'], { name: 'ix_jiedan_factory_status' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('jiedan');
}
