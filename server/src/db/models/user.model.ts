import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

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
    const s = (n: number) => ({ type: DataTypes.STRING(n), allowNull: true });
    UserModel.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        userType: { type: DataTypes.STRING(16), allowNull: false },
        username: s(64),
        passwordHash: s(255),
        userCode: s(32),
        realName: s(64),
        mobile: s(32),
        email: s(128),
        department: s(64),
        avatar: s(1024),
        openid: s(128),
        unionid: s(128),
        nickName: s(64),
        customerId: { type: DataTypes.BIGINT, allowNull: true },
        customerBoundAt: { type: DataTypes.DATE(3), allowNull: true },
        factoryId: { type: DataTypes.BIGINT, allowNull: true },
        factoryBoundAt: { type: DataTypes.DATE(3), allowNull: true },
        isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        disabledReason: s(255),
        tokenVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lastLoginAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: { type: DataTypes.DATE(3), allowNull: true },
      },
      { sequelize, tableName: 'users', paranoid: true },
    );
  }
}
