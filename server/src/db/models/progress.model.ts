import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

/** 000: a factory's production progress post on an order (one stage, its state, photos). Soft-deleted. */
export class OrderProgressModel extends Model<
  InferAttributes<OrderProgressModel>,
  InferCreationAttributes<OrderProgressModel>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare factoryId: number;
  declare type: string;
  declare status: string;
  declare description: string | null;
  declare startTime: Date | null;
  declare completedTime: Date | null;
  declare plannedTime: Date | null;
  /** JSON: `[{ url, thumbnailUrl }]`, so the list needs no join for thumbnails. */
  declare images: string;
  declare reportedBy: number | null;
  declare updatedBy: number | null;
  /** When the auto-check recorded this stage as delayed on the order timeline (once). */
  declare delayNotedAt: CreationOptional<Date | null>;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    OrderProgressModel.init(
      {
        id: col.id(),
        orderId: { type: DataTypes.BIGINT, allowNull: false },
        factoryId: { type: DataTypes.BIGINT, allowNull: false },
        type: col.str(16, false),
        status: col.str(16, false),
        description: { type: DataTypes.TEXT, allowNull: true },
        startTime: col.time(),
        completedTime: col.time(),
        plannedTime: col.time(),
        images: { type: DataTypes.TEXT, allowNull: false },
        reportedBy: col.ref(),
        updatedBy: col.ref(),
        delayNotedAt: col.time(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: col.time(),
      },
      { sequelize, tableName: 'order_progress', timestamps: false },
    );
  }
}
