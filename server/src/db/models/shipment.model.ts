import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

const day = () => ({ type: DataTypes.DATEONLY, allowNull: true });
const text = () => ({ type: DataTypes.TEXT, allowNull: true });

/** 004 §9 shipments. Money columns are DECIMAL strings; `logisticsCompany` is our company code. */
export class ShipmentModel extends Model<InferAttributes<ShipmentModel>, InferCreationAttributes<ShipmentModel>> {
  declare id: CreationOptional<number>;
  declare shipmentNo: string;
  declare shipmentTitle: string;
  declare contractId: number;
  declare customerId: number;
  declare status: string;
  declare shipmentAmount: string;
  declare shippingAddress: string;
  declare contactPerson: string;
  declare contactPhone: string;
  declare plannedShipDate: string | null;
  declare actualShipDate: CreationOptional<string | null>;
  declare estimatedDeliveryDate: CreationOptional<string | null>;
  declare actualDeliveryDate: CreationOptional<string | null>;
  declare logisticsCompany: CreationOptional<string | null>;
  declare trackingNo: CreationOptional<string | null>;
  declare notes: string | null;
  declare signNotes: CreationOptional<string | null>;
  declare cancelReason: CreationOptional<string | null>;
  declare shippedAt: CreationOptional<Date | null>;
  declare shippedBy: CreationOptional<number | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare deliveredBy: CreationOptional<number | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare cancelledBy: CreationOptional<number | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    ShipmentModel.init(
      {
        id: col.id(),
        shipmentNo: col.str(32, false),
        shipmentTitle: col.str(128, false),
        contractId: { type: DataTypes.BIGINT, allowNull: false },
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        status: col.str(16, false),
        shipmentAmount: { type: DataTypes.DECIMAL(16, 2), allowNull: false },
        shippingAddress: col.str(255, false),
        contactPerson: col.str(64, false),
        contactPhone: col.str(32, false),
        plannedShipDate: day(),
        actualShipDate: day(),
        estimatedDeliveryDate: day(),
        actualDeliveryDate: day(),
        logisticsCompany: col.str(16),
        trackingNo: col.str(32),
        notes: text(),
        signNotes: text(),
        cancelReason: col.str(500),
        shippedAt: col.time(),
        shippedBy: col.ref(),
        deliveredAt: col.time(),
        deliveredBy: col.ref(),
        cancelledAt: col.time(),
        cancelledBy: col.ref(),
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'shipments' },
    );
  }
}

export class ShipmentItemModel extends Model<
  InferAttributes<ShipmentItemModel>,
  InferCreationAttributes<ShipmentItemModel>
> {
  declare id: CreationOptional<number>;
  declare shipmentId: number;
  declare contractItemId: number;
  declare productId: number;
  declare productCode: string;
  declare productName: string;
  declare unit: string;
  declare contractQuantity: number;
  declare alreadyShippedQuantity: number;
  declare thisShipmentQuantity: number;
  declare remainingQuantity: number;
  declare unitPrice: string;
  declare subtotal: string;
  declare sortOrder: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    ShipmentItemModel.init(
      {
        id: col.id(),
        shipmentId: { type: DataTypes.BIGINT, allowNull: false },
        contractItemId: { type: DataTypes.BIGINT, allowNull: false },
        productId: { type: DataTypes.BIGINT, allowNull: false },
        productCode: col.str(64, false),
        productName: col.str(128, false),
        unit: col.str(16, false),
        contractQuantity: { type: DataTypes.INTEGER, allowNull: false },
        alreadyShippedQuantity: { type: DataTypes.INTEGER, allowNull: false },
        thisShipmentQuantity: { type: DataTypes.INTEGER, allowNull: false },
        remainingQuantity: { type: DataTypes.INTEGER, allowNull: false },
        unitPrice: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
        subtotal: { type: DataTypes.DECIMAL(16, 2), allowNull: false },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'shipment_items' },
    );
  }
}

export class ShipmentLogModel extends Model<
  InferAttributes<ShipmentLogModel>,
  InferCreationAttributes<ShipmentLogModel>
> {
  declare id: CreationOptional<number>;
  declare shipmentId: number;
  declare action: string;
  declare fromStatus: string | null;
  declare toStatus: string;
  declare note: string | null;
  declare operatorId: number | null;
  declare createdAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    ShipmentLogModel.init(
      {
        id: col.id(),
        shipmentId: { type: DataTypes.BIGINT, allowNull: false },
        action: col.str(16, false),
        fromStatus: col.str(16),
        toStatus: col.str(16, false),
        note: text(),
        operatorId: col.ref(),
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'shipment_logs', updatedAt: false },
    );
  }
}
