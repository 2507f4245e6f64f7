import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { auditedColumns, col } from './columns';

/** A CRM customer (004 §3); leads are customers in the early stages (DESIGN.md). */
export class CustomerModel extends Model<InferAttributes<CustomerModel>, InferCreationAttributes<CustomerModel>> {
  declare id: CreationOptional<number>;
  declare customerCode: string;
  declare customerName: string;
  declare customerType: string | null;
  declare customerLevel: string | null;
  declare customerStage: CreationOptional<string>;
  declare industry: string | null;
  declare province: string | null;
  declare city: string | null;
  declare address: string | null;
  declare contactPhone: string | null;
  declare hotelRooms: number | null;
  declare hotelStar: string | null;
  declare source: string | null;
  declare description: string | null;
  declare settlementType: CreationOptional<string>;
  declare nameKey: string | null;
  declare phoneKey: string | null;
  declare ownerId: number | null;
  declare stageUpdatedAt: Date | null;
  declare convertedAt: Date | null;
  declare poolEnteredAt: Date | null;
  declare lostReasonCode: string | null;
  declare lostReason: string | null;
  declare lastFollowUpAt: Date | null;
  declare nextFollowUpAt: Date | null;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    CustomerModel.init(
      {
        id: col.id(),
        customerCode: col.str(32, false),
        customerName: col.str(128, false),
        customerType: col.str(32),
        customerLevel: col.str(8),
        customerStage: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'lead' },
        industry: col.str(64),
        province: col.str(32),
        city: col.str(32),
        address: col.str(255),
        contactPhone: col.str(32),
        hotelRooms: { type: DataTypes.INTEGER, allowNull: true },
        hotelStar: col.str(16),
        source: col.str(32),
        description: { type: DataTypes.TEXT, allowNull: true },
        settlementType: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'PREPAID' },
        nameKey: col.str(128),
        phoneKey: col.str(32),
        ownerId: col.ref(),
        stageUpdatedAt: col.time(),
        convertedAt: col.time(),
        poolEnteredAt: col.time(),
        lostReasonCode: col.str(32),
        lostReason: col.str(255),
        lastFollowUpAt: col.time(),
        nextFollowUpAt: col.time(),
        ...auditedColumns(),
      },
      { sequelize, tableName: 'customers', paranoid: true },
    );
  }
}

export class CustomerContactModel extends Model<
  InferAttributes<CustomerContactModel>,
  InferCreationAttributes<CustomerContactModel>
> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare contactName: string;
  declare position: string | null;
  declare mobile: string | null;
  declare wechat: string | null;
  declare email: string | null;
  declare isPrimary: boolean;
  declare description: string | null;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    CustomerContactModel.init(
      {
        id: col.id(),
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        contactName: col.str(64, false),
        position: col.str(64),
        mobile: col.str(32),
        wechat: col.str(64),
        email: col.str(128),
        isPrimary: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        description: col.str(255),
        ...auditedColumns(),
      },
      { sequelize, tableName: 'customer_contacts', paranoid: true },
    );
  }
}

export class CustomerFollowUpModel extends Model<
  InferAttributes<CustomerFollowUpModel>,
  InferCreationAttributes<CustomerFollowUpModel>
> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare followUpMethod: string;
  declare contactPerson: string | null;
  declare followUpContent: string;
  declare customerFeedback: string | null;
  declare nextFollowUpTime: Date | null;
  declare nextFollowUpContent: string | null;
  declare followUpResult: string | null;
  /** JSON array of URLs. */
  declare attachmentUrls: string;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    CustomerFollowUpModel.init(
      {
        id: col.id(),
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        followUpMethod: col.str(16, false),
        contactPerson: col.str(64),
        followUpContent: { type: DataTypes.TEXT, allowNull: false },
        customerFeedback: { type: DataTypes.TEXT, allowNull: true },
        nextFollowUpTime: col.time(),
        nextFollowUpContent: col.str(255),
        followUpResult: col.str(16),
        attachmentUrls: { type: DataTypes.TEXT, allowNull: false },
        ...auditedColumns(),
      },
      { sequelize, tableName: 'customer_follow_ups', paranoid: true },
    );
  }
}

export class CustomerEventModel extends Model<
  InferAttributes<CustomerEventModel>,
  InferCreationAttributes<CustomerEventModel>
> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare eventType: string;
  declare fromValue: string | null;
  declare toValue: string | null;
  declare reasonCode: string | null;
  declare reason: string | null;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    CustomerEventModel.init(
      {
        id: col.id(),
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        eventType: col.str(16, false),
        fromValue: col.str(64),
        toValue: col.str(64),
        reasonCode: col.str(32),
        reason: col.str(255),
        createdBy: col.ref(),
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'customer_events', updatedAt: false },
    );
  }
}

export class CustomerSearchTermModel extends Model<
  InferAttributes<CustomerSearchTermModel>,
  InferCreationAttributes<CustomerSearchTermModel>
> {
  declare term: string;
  declare customerId: number;

  static initWith(sequelize: Sequelize): void {
    CustomerSearchTermModel.init(
      {
        term: { type: DataTypes.STRING(8), allowNull: false, primaryKey: true },
        customerId: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
      },
      { sequelize, tableName: 'customer_search_terms', timestamps: false },
    );
  }
}
