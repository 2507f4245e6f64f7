import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { auditedColumns, col } from './columns';

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
        id: col.id(),
        factoryCode: { type: DataTypes.STRING(32), allowNull: false },
        name: { type: DataTypes.STRING(128), allowNull: false },
        contactName: col.str(32),
        contactPhone: col.str(32),
        address: col.str(255),
        isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        ...auditedColumns(),
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
        id: col.id(),
        code: { type: DataTypes.STRING(64), allowNull: false },
        targetType: { type: DataTypes.STRING(16), allowNull: false },
        targetId: { type: DataTypes.BIGINT, allowNull: false },
        isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        revokedAt: col.time(),
      },
      { sequelize, tableName: 'invite_codes', updatedAt: false },
    );
  }
}
