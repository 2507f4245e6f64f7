import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class RoleModel extends Model<InferAttributes<RoleModel>, InferCreationAttributes<RoleModel>> {
  declare id: number;
  declare code: string;
  declare name: string;
  declare description: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    RoleModel.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        code: { type: DataTypes.STRING(32), allowNull: false },
        name: { type: DataTypes.STRING(64), allowNull: false },
        description: { type: DataTypes.STRING(255), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'roles' },
    );
  }
}

export class PermissionModel extends Model<InferAttributes<PermissionModel>, InferCreationAttributes<PermissionModel>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare module: string;
  declare createdAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    PermissionModel.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        code: { type: DataTypes.STRING(64), allowNull: false },
        name: { type: DataTypes.STRING(64), allowNull: false },
        module: { type: DataTypes.STRING(32), allowNull: false },
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'permissions', updatedAt: false },
    );
  }
}

export class RolePermissionModel extends Model<
  InferAttributes<RolePermissionModel>,
  InferCreationAttributes<RolePermissionModel>
> {
  declare roleId: number;
  declare permissionId: number;

  static initWith(sequelize: Sequelize): void {
    RolePermissionModel.init(
      {
        roleId: { type: DataTypes.INTEGER, primaryKey: true },
        permissionId: { type: DataTypes.INTEGER, primaryKey: true },
      },
      { sequelize, tableName: 'role_permissions', timestamps: false },
    );
  }
}

export class UserRoleModel extends Model<InferAttributes<UserRoleModel>, InferCreationAttributes<UserRoleModel>> {
  declare userId: number;
  declare roleId: number;

  static initWith(sequelize: Sequelize): void {
    UserRoleModel.init(
      {
        userId: { type: DataTypes.BIGINT, primaryKey: true },
        roleId: { type: DataTypes.INTEGER, primaryKey: true },
      },
      { sequelize, tableName: 'user_roles', timestamps: false },
    );
  }
}
