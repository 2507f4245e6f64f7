import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

export class UserModel extends Model<InferAttributes<UserModel>, InferCreationAttributes<UserModel>> {
  declare id: CreationOptional<number>;
  declare userType: 'staff' | 'wechat';
  declare username: string | null;
  declare passwordHash: string | null;
  declare userCode: string | null;
  declare realName: string | null;
  declare mobile: string | null;
  declare email: string | null;
  declare department: string | null;
  declare avatar: string | null;
  declare openid: string | null;
  declare unionid: string | null;
  declare nickName: string | null;
  declare customerId: number | null;
  declare customerBoundAt: Date | null;
  declare factoryId: number | null;
  declare factoryBoundAt: Date | null;
  declare isActive: CreationOptional<boolean>;
  declare disabledReason: string | null;
  declare tokenVersion: CreationOptional<number>;
  declare lastLoginAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    UserModel.init(
      {
        id: col.id(),
        userType: { type: DataTypes.STRING(16), allowNull: false },
        username: col.str(64),
        passwordHash: col.str(255),
        userCode: col.str(32),
        realName: col.str(64),
        mobile: col.str(32),
        email: col.str(128),
        department: col.str(64),
        avatar: col.str(1024),
        openid: col.str(128),
        unionid: col.str(128),
        nickName: col.str(64),
        customerId: col.ref(),
        customerBoundAt: col.time(),
        factoryId: col.ref(),
        factoryBoundAt: col.time(),
        isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        disabledReason: col.str(255),
        tokenVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lastLoginAt: col.time(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: col.time(),
      },
      { sequelize, tableName: 'users', paranoid: true },
    );
  }
}
