import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

/* 002 §7-8: change and cancel requests of an order, decided by approval. */

const money = (allowNull: boolean) => ({ type: DataTypes.DECIMAL(16, 2), allowNull });

export class OrderChangeRequestModel extends Model<
  InferAttributes<OrderChangeRequestModel>,
  InferCreationAttributes<OrderChangeRequestModel>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare changeType: string;
  declare changeReason: string;
  declare originalItems: string;
  declare newItems: string;
  declare priceDifference: string;
  declare appliedAt: CreationOptional<Date | null>;
  declare status: string;
  declare pendingOrderId: number | null;
  declare requestedBy: number | null;
  declare approvedBy: CreationOptional<number | null>;
  declare approvedAt: CreationOptional<Date | null>;
  declare rejectedBy: CreationOptional<number | null>;
  declare rejectedAt: CreationOptional<Date | null>;
  declare rejectionReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    OrderChangeRequestModel.init(
      {
        id: col.id(),
        orderId: { type: DataTypes.BIGINT, allowNull: false },
        changeType: col.str(16, false),
        changeReason: col.str(500, false),
        originalItems: { type: DataTypes.TEXT, allowNull: false },
        newItems: { type: DataTypes.TEXT, allowNull: false },
        priceDifference: money(false),
        appliedAt: col.time(),
        status: col.str(16, false),
        pendingOrderId: col.ref(),
        requestedBy: col.ref(),
        approvedBy: col.ref(),
        approvedAt: col.time(),
        rejectedBy: col.ref(),
        rejectedAt: col.time(),
        rejectionReason: col.str(500, true),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'order_change_requests' },
    );
  }
}

export class OrderCancelRequestModel extends Model<
  InferAttributes<OrderCancelRequestModel>,
  InferCreationAttributes<OrderCancelRequestModel>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare cancelType: string;
  declare cancelReason: string;
  declare orderStatus: string;
  declare status: string;
  declare pendingOrderId: number | null;
  declare requestedBy: number | null;
  declare approvedBy: CreationOptional<number | null>;
  declare approvedAt: CreationOptional<Date | null>;
  declare rejectedBy: CreationOptional<number | null>;
  declare rejectedAt: CreationOptional<Date | null>;
  declare rejectionReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    OrderCancelRequestModel.init(
      {
        id: col.id(),
        orderId: { type: DataTypes.BIGINT, allowNull: false },
        cancelType: col.str(16, false),
        cancelReason: col.str(500, false),
        orderStatus: col.str(24, false),
        status: col.str(16, false),
        pendingOrderId: col.ref(),
        requestedBy: col.ref(),
        approvedBy: col.ref(),
        approvedAt: col.time(),
        rejectedBy: col.ref(),
        rejectedAt: col.time(),
        rejectionReason: col.str(500, true),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'order_cancel_requests' },
    );
  }
}
