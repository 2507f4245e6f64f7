import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time } from './column-types';

/** 000: production progress posts per order and factory. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable(
    'order_progress',
    {
      id: idColumn(qi),
      orderId: refColumn(qi, false),
      factoryId: refColumn(qi, false),
      type: { type: DataTypes.STRING(16), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true },
      startTime: time(true),
      completedTime: time(true),
      plannedTime: time(true),
      images: { type: DataTypes.TEXT, allowNull: false },
      reportedBy: refColumn(qi),
      updatedBy: refColumn(qi),
      delayNotedAt: time(true),
      createdAt: time(),
      updatedAt: time(),
      deletedAt: time(true),
    },
    tableOptions,
  );
  // The list of an order (and a factory's posts on it), oldest first.
  await qi.addIndex('order_progress', ['orderId', 'createdAt'], { name: 'ix_order_progress_order' });
  // The delay check: stages with a plan that nobody has reported late yet.
  await qi.addIndex('order_progress', ['delayNotedAt', 'plannedTime'], { name: 'ix_order_progress_plan' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('order_progress');
}
