import { DataTypes, type ModelAttributeColumnOptions, type QueryInterface } from 'sequelize';

/** BIGINT ids on MySQL; SQLite only auto-increments an INTEGER PRIMARY KEY (which is 64-bit there). */
export function idColumn(qi: QueryInterface): ModelAttributeColumnOptions {
  const isSqlite = qi.sequelize.getDialect() === 'sqlite';
  return {
    type: isSqlite ? DataTypes.INTEGER : DataTypes.BIGINT.UNSIGNED,
    primaryKey: true,
    autoIncrement: true,
    allowNull: false,
  };
}

export function refColumn(qi: QueryInterface, allowNull = true): ModelAttributeColumnOptions {
  const isSqlite = qi.sequelize.getDialect() === 'sqlite';
  return { type: isSqlite ? DataTypes.INTEGER : DataTypes.BIGINT.UNSIGNED, allowNull };
}

/** Millisecond timestamps (DATETIME(3)) on both dialects. */
export const time = (allowNull = false): ModelAttributeColumnOptions => ({ type: DataTypes.DATE(3), allowNull });

export const timestamps = () => ({ createdAt: time(), updatedAt: time() });

export const tableOptions = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };
