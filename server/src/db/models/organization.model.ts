import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class CustomerModel extends Model<InferAttributes<CustomerModel>, InferCreationAttributes<CustomerModel>> {
  declare id: CreationOptional<number>;
  declare customerCode: string;
  declare customerName: string;
  declare customerStage: CreationOptional<string>;
  declare contactPhone: string | null;
  declare ownerId: number | null;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    CustomerModel.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        customerCode: { type: DataTypes.STRING(32), allowNull: false },
        customerName: { type: DataTypes.STRING(128), allowNull: false },
        customerStage: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'lead' },
        contactPhone: { type: DataTypes.STRING(32), allowNull: true },
        ownerId: { type: DataTypes.BIGINT, allowNull: true },
        createdBy: { type: DataTypes.BIGINT, allowNull: true },
        updatedBy: { type: DataTypes.BIGINT, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: { type: DataTypes.DATE(3), allowNull: true },
      },
      { sequelize, tableName: 'customers', paranoid: true },
    );
  }
}

export class FactoryModel extends Model<InferAttributes<FactoryModel>, InferCreationAttributes<FactoryModel>> {
  declare id: CreationOptional<number>;
  declare factoryCode: string;
  declare name: string;
  declare contactName: string | null;
  declare contactPhone: string | null;
  declare address: string | null;
  declare isActive: CreationOptional<boolean>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    FactoryModel.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        factoryCode: { type: DataTypes.STRING(32), allowNull: false },
        name: { type: DataTypes.STRING(128), allowNull: false },
        contactName: { type: DataTypes.STRING(32), allowNull: true },
        contactPhone: { type: DataTypes.STRING(32), allowNull: true },
        address: { type: DataTypes.STRING(255), allowNull: true },
        isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdBy: { type: DataTypes.BIGINT, allowNull: true },
        updatedBy: { type: DataTypes.BIGINT, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: { type: DataTypes.DATE(3), allowNull: true },
      },
      { sequelize, tableName: 'factories', paranoid: true },
    );
  }
}

export class InviteCodeModel extends Model<InferAttributes<InviteCodeModel>, InferCreationAttributes<InviteCodeModel>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare targetType: 'customer' | 'factory';
  declare targetId: number;
  declare isActive: CreationOptional<boolean>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare revokedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    InviteCodeModel.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        code: { type: DataTypes.STRING(64), allowNull: false },
        targetType: { type: DataTypes.STRING(16), allowNull: false },
        targetId: { type: DataTypes.BIGINT, allowNull: false },
        isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdBy: { type: DataTypes.BIGINT, allowNull: true },
        createdAt: DataTypes.DATE(3),
        revokedAt: { type: DataTypes.DATE(3), allowNull: true },
      },
      { sequelize, tableName: 'invite_codes', updatedAt: false },
    );
  }
}
