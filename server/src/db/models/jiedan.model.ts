import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

/**
 * 001: a factory's bid (接单) on an order. Columns are snake_case as 001 documents them (`underscored`).
 * `alive` is 1 while the bid is live and NULL once soft-deleted, so the unique key (order_id, factory_id, alive)
 * allows one live bid per factory and order but lets a factory bid again after its bid was deleted.
 * `acceptedOrderId` is the order id while the bid is accepted (and live), NULL otherwise: a unique key makes
 * "at most one accepted bid per order" a fact the database keeps.
 */
export class JiedanModel extends Model<InferAttributes<JiedanModel>, InferCreationAttributes<JiedanModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare factoryId: number;
  declare status: string;
  declare price: string;
  declare jiedanTime: Date;
  declare agreeTime: CreationOptional<Date | null>;
  declare agreeUserId: CreationOptional<number | null>;
  declare rejectReason: CreationOptional<string | null>;
  declare rejectedBy: CreationOptional<number | null>;
  declare rejectedAt: CreationOptional<Date | null>;
  declare alive: CreationOptional<number | null>;
  declare acceptedOrderId: CreationOptional<number | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    JiedanModel.init(
      {
        id: col.id(),
        orderId: { type: DataTypes.BIGINT, allowNull: false },
        factoryId: { type: DataTypes.BIGINT, allowNull: false },
        status: col.str(50, false),
        price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
        jiedanTime: { type: DataTypes.DATE(3), allowNull: false },
        agreeTime: col.time(),
        agreeUserId: col.ref(),
        rejectReason: col.str(500),
        rejectedBy: col.ref(),
        rejectedAt: col.time(),
        alive: { type: DataTypes.TINYINT, allowNull: true, defaultValue: 1 },
        acceptedOrderId: col.ref(),
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: col.time(),
      },
      { sequelize, tableName: 'jiedan', underscored: true, paranoid: true },
    );
  }
}
