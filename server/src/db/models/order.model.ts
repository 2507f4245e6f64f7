import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

/* 002: orders and everything that hangs off them. Money and quantities are DECIMAL (strings from both drivers). */

const money = (allowNull: boolean) => ({ type: DataTypes.DECIMAL(16, 2), allowNull });
const measure = (allowNull: boolean) => ({ type: DataTypes.DECIMAL(10, 2), allowNull });

export class OrderModel extends Model<InferAttributes<OrderModel>, InferCreationAttributes<OrderModel>> {
  declare id: CreationOptional<number>;
  declare orderNo: string;
  declare quoteId: number;
  declare customerId: number;
  declare customerName: string;
  declare customerPhone: string | null;
  declare salesId: number | null;
  declare status: string;
  declare previousStatus: string | null;
  declare settlementType: string;
  declare totalAmount: string;
  declare paidAmount: string;
  declare paymentAmount: string | null;
  declare paymentMethod: string | null;
  declare paymentTime: Date | null;
  declare paymentProofImg: string | null;
  declare confirmationImg: string | null;
  declare deliveryAddress: string | null;
  declare scheduledDate: string | null;
  declare customerPoNo: string | null;
  declare remark: string | null;
  declare isLocked: CreationOptional<boolean>;
  declare lockedBy: CreationOptional<number | null>;
  declare lockedAt: CreationOptional<Date | null>;
  declare lockReason: CreationOptional<string | null>;
  declare haltedReason: CreationOptional<string | null>;
  declare haltType: CreationOptional<string | null>;
  declare haltedAt: CreationOptional<Date | null>;
  declare haltUntil: CreationOptional<Date | null>;
  declare cancelReason: CreationOptional<string | null>;
  declare cancelType: CreationOptional<string | null>;
  declare cancelledBy: CreationOptional<number | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare logisticsCompany: CreationOptional<string | null>;
  declare trackingNumber: CreationOptional<string | null>;
  declare shippingFee: CreationOptional<string | null>;
  declare shippedAt: CreationOptional<Date | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare snapshotData: string;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    OrderModel.init(
      {
        id: col.id(),
        orderNo: col.str(32, false),
        quoteId: { type: DataTypes.BIGINT, allowNull: false },
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        customerName: col.str(128, false),
        customerPhone: col.str(32, true),
        salesId: col.ref(),
        status: col.str(24, false),
        previousStatus: col.str(24, true),
        settlementType: col.str(16, false),
        totalAmount: money(false),
        paidAmount: money(false),
        paymentAmount: money(true),
        paymentMethod: col.str(16, true),
        paymentTime: col.time(),
        paymentProofImg: col.str(1024, true),
        confirmationImg: col.str(1024, true),
        deliveryAddress: col.str(255, true),
        scheduledDate: { type: DataTypes.DATEONLY, allowNull: true },
        customerPoNo: col.str(64, true),
        remark: { type: DataTypes.TEXT, allowNull: true },
        isLocked: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        lockedBy: col.ref(),
        lockedAt: col.time(),
        lockReason: col.str(255, true),
        haltedReason: col.str(500, true),
        haltType: col.str(16, true),
        haltedAt: col.time(),
        haltUntil: col.time(),
        cancelReason: col.str(500, true),
        cancelType: col.str(16, true),
        cancelledBy: col.ref(),
        cancelledAt: col.time(),
        logisticsCompany: col.str(16, true),
        trackingNumber: col.str(32, true),
        shippingFee: money(true),
        shippedAt: col.time(),
        deliveredAt: col.time(),
        completedAt: col.time(),
        closedAt: col.time(),
        snapshotData: { type: DataTypes.TEXT, allowNull: false },
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'orders' },
    );
  }
}

export class OrderItemModel extends Model<InferAttributes<OrderItemModel>, InferCreationAttributes<OrderItemModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare quotationItemId: number | null;
  declare productId: number | null;
  declare productCode: string | null;
  declare productName: string;
  declare category: string | null;
  declare roomName: string | null;
  declare unit: string | null;
  declare unitPrice: string;
  declare quantity: string;
  declare width: string | null;
  declare height: string | null;
  declare subtotal: string;
  declare supplierId: CreationOptional<number | null>;
  declare purchaseOrderId: CreationOptional<number | null>;
  declare deliveryStatus: string;
  declare inStockAt: CreationOptional<Date | null>;
  declare shippedAt: CreationOptional<Date | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare sortOrder: number;
  declare removedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    OrderItemModel.init(
      {
        id: col.id(),
        orderId: { type: DataTypes.BIGINT, allowNull: false },
        quotationItemId: col.ref(),
        productId: col.ref(),
        productCode: col.str(64, true),
        productName: col.str(128, false),
        category: col.str(64, true),
        roomName: col.str(64, true),
        unit: col.str(16, true),
        unitPrice: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
        quantity: measure(false),
        width: measure(true),
        height: measure(true),
        subtotal: money(false),
        supplierId: col.ref(),
        purchaseOrderId: col.ref(),
        deliveryStatus: col.str(16, false),
        inStockAt: col.time(),
        shippedAt: col.time(),
        deliveredAt: col.time(),
        sortOrder: { type: DataTypes.INTEGER, allowNull: false },
        removedAt: col.time(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'order_items' },
    );
  }
}

export class PurchaseOrderModel extends Model<
  InferAttributes<PurchaseOrderModel>,
  InferCreationAttributes<PurchaseOrderModel>
> {
  declare id: CreationOptional<number>;
  declare poNo: string;
  declare orderId: number;
  declare factoryId: number;
  declare status: string;
  declare subtotal: string;
  declare shippingFee: string;
  declare total: string;
  declare receivedAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    PurchaseOrderModel.init(
      {
        id: col.id(),
        poNo: col.str(40, false),
        orderId: { type: DataTypes.BIGINT, allowNull: false },
        factoryId: { type: DataTypes.BIGINT, allowNull: false },
        status: col.str(24, false),
        subtotal: money(false),
        shippingFee: money(false),
        total: money(false),
        receivedAt: col.time(),
        cancelledAt: col.time(),
        createdBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'purchase_orders' },
    );
  }
}

export class PurchaseOrderItemModel extends Model<
  InferAttributes<PurchaseOrderItemModel>,
  InferCreationAttributes<PurchaseOrderItemModel>
> {
  declare id: CreationOptional<number>;
  declare purchaseOrderId: number;
  declare orderItemId: number;
  declare productName: string;
  declare quantity: string;
  declare unitPrice: string;
  declare subtotal: string;
  declare receivedAt: CreationOptional<Date | null>;
  declare receivedBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    PurchaseOrderItemModel.init(
      {
        id: col.id(),
        purchaseOrderId: { type: DataTypes.BIGINT, allowNull: false },
        orderItemId: { type: DataTypes.BIGINT, allowNull: false },
        productName: col.str(128, false),
        quantity: measure(false),
        unitPrice: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
        subtotal: money(false),
        receivedAt: col.time(),
        receivedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'purchase_order_items' },
    );
  }
}

export class OrderEventModel extends Model<InferAttributes<OrderEventModel>, InferCreationAttributes<OrderEventModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare eventType: string;
  declare fromStatus: string | null;
  declare toStatus: string | null;
  declare note: string | null;
  declare data: string | null;
  declare actorId: number | null;
  declare createdAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    OrderEventModel.init(
      {
        id: col.id(),
        orderId: { type: DataTypes.BIGINT, allowNull: false },
        eventType: col.str(32, false),
        fromStatus: col.str(24, true),
        toStatus: col.str(24, true),
        note: col.str(500, true),
        data: { type: DataTypes.TEXT, allowNull: true },
        actorId: col.ref(),
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'order_events', updatedAt: false },
    );
  }
}

export class IdempotencyKeyModel extends Model<
  InferAttributes<IdempotencyKeyModel>,
  InferCreationAttributes<IdempotencyKeyModel>
> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare idemKey: string;
  declare route: string;
  declare requestHash: string;
  declare responseStatus: number | null;
  declare responseBody: string | null;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    IdempotencyKeyModel.init(
      {
        id: col.id(),
        userId: { type: DataTypes.BIGINT, allowNull: false },
        idemKey: col.str(128, false),
        route: col.str(160, false),
        requestHash: col.str(64, false),
        responseStatus: { type: DataTypes.INTEGER, allowNull: true },
        responseBody: { type: DataTypes.TEXT, allowNull: true },
        expiresAt: col.time(false),
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'idempotency_keys', updatedAt: false },
    );
  }
}

/** Exact order counts per (sales owner, status); `salesId` 0 stands for "no owner". */
export class OrderStatusCountModel extends Model<
  InferAttributes<OrderStatusCountModel>,
  InferCreationAttributes<OrderStatusCountModel>
> {
  declare salesId: number;
  declare status: string;
  declare count: number;

  static initWith(sequelize: Sequelize): void {
    OrderStatusCountModel.init(
      {
        salesId: { type: DataTypes.BIGINT, primaryKey: true },
        status: { type: DataTypes.STRING(24), primaryKey: true },
        count: { type: DataTypes.INTEGER, allowNull: false },
      },
      { sequelize, tableName: 'order_status_counts', timestamps: false },
    );
  }
}
