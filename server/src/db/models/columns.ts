import { DataTypes } from 'sequelize';

/** Column definitions every model repeats, in one place. */
export const col = {
  id: () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true }),
  ref: () => ({ type: DataTypes.BIGINT, allowNull: true }),
  str: (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull }),
  time: (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull }),
};

/** created/updated by and at, and the soft-delete time, of records people edit. */
export const auditedColumns = () => ({
  createdBy: col.ref(),
  updatedBy: col.ref(),
  createdAt: DataTypes.DATE(3),
  updatedAt: DataTypes.DATE(3),
  deletedAt: col.time(),
});
