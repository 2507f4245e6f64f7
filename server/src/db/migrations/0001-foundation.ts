import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const flag = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable(
    'roles',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      code: str(32, false),
      name: str(64, false),
      description: str(255),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('roles', ['code'], { unique: true, name: 'uq_roles_code' });

  await qi.createTable(
    'permissions',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      code: str(64, false),
      name: str(64, false),
      module: str(32, false),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('permissions', ['code'], { unique: true, name: 'uq_permissions_code' });

  await qi.createTable(
    'role_permissions',
    {
      roleId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      permissionId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    },
    tableOptions,
  );

  await qi.createTable(
    'users',
    {
      id: idColumn(qi),
      userType: str(16, false),
      username: str(64),
      passwordHash: str(255),
      userCode: str(32),
      realName: str(64),
      mobile: str(32),
      email: str(128),
      department: str(64),
      avatar: str(1024),
      openid: str(128),
      unionid: str(128),
      nickName: str(64),
      customerId: refColumn(qi),
      customerBoundAt: time(true),
      factoryId: refColumn(qi),
      factoryBoundAt: time(true),
      isActive: flag(true),
      disabledReason: str(255),
      tokenVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastLoginAt: time(true),
      ...timestamps(),
      deletedAt: time(true),
    },
    tableOptions,
  );
  await qi.addIndex('users', ['username'], { unique: true, name: 'uq_users_username' });
  await qi.addIndex('users', ['userCode'], { unique: true, name: 'uq_users_user_code' });
  await qi.addIndex('users', ['openid'], { unique: true, name: 'uq_users_openid' });
  await qi.addIndex('users', ['mobile'], { name: 'ix_users_mobile' });
  await qi.addIndex('users', ['customerId'], { name: 'ix_users_customer' });
  await qi.addIndex('users', ['factoryId'], { name: 'ix_users_factory' });

  await qi.createTable(
    'user_roles',
    {
      userId: { ...refColumn(qi, false), primaryKey: true },
      roleId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    },
    tableOptions,
  );
  await qi.addIndex('user_roles', ['roleId'], { name: 'ix_user_roles_role' });

  await qi.createTable(
    'customers',
    {
      id: idColumn(qi),
      customerCode: str(32, false),
      customerName: str(128, false),
      customerStage: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'lead' },
      contactPhone: str(32),
      ownerId: refColumn(qi),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
      deletedAt: time(true),
    },
    tableOptions,
  );
  await qi.addIndex('customers', ['customerCode'], { unique: true, name: 'uq_customers_code' });
  await qi.addIndex('customers', ['ownerId'], { name: 'ix_customers_owner' });

  await qi.createTable(
    'factories',
    {
      id: idColumn(qi),
      factoryCode: str(32, false),
      name: str(128, false),
      contactName: str(32),
      contactPhone: str(32),
      address: str(255),
      isActive: flag(true),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
      deletedAt: time(true),
    },
    tableOptions,
  );
  await qi.addIndex('factories', ['factoryCode'], { unique: true, name: 'uq_factories_code' });
  await qi.addIndex('factories', ['name'], { name: 'ix_factories_name' });

  await qi.createTable(
    'invite_codes',
    {
      id: idColumn(qi),
      code: str(64, false),
      targetType: str(16, false),
      targetId: refColumn(qi, false),
      isActive: flag(true),
      createdBy: refColumn(qi),
      createdAt: time(),
      revokedAt: time(true),
    },
    tableOptions,
  );
  await qi.addIndex('invite_codes', ['code'], { unique: true, name: 'uq_invite_codes_code' });
  await qi.addIndex('invite_codes', ['targetType', 'targetId', 'isActive'], { name: 'ix_invite_codes_target' });

  await qi.createTable(
    'operation_logs',
    {
      id: idColumn(qi),
      userId: refColumn(qi),
      username: str(64),
      moduleName: str(64, false),
      actionType: str(64, false),
      targetType: str(64),
      targetId: str(64),
      method: str(8, false),
      path: str(255, false),
      ip: str(64),
      userAgent: str(255),
      requestId: str(64),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('operation_logs', ['createdAt'], { name: 'ix_operation_logs_created' });
  await qi.addIndex('operation_logs', ['userId', 'createdAt'], { name: 'ix_operation_logs_user' });
  await qi.addIndex('operation_logs', ['moduleName', 'createdAt'], { name: 'ix_operation_logs_module' });

  await qi.createTable(
    'api_call_logs',
    {
      id: idColumn(qi),
      method: str(8, false),
      endpoint: str(255, false),
      statusCode: { type: DataTypes.INTEGER, allowNull: false },
      durationMs: { type: DataTypes.INTEGER, allowNull: false },
      userId: refColumn(qi),
      ip: str(64),
      requestId: str(64),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('api_call_logs', ['createdAt'], { name: 'ix_api_call_logs_created' });

  await qi.createTable(
    'number_sequences',
    {
      name: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      value: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      updatedAt: time(),
    },
    tableOptions,
  );

  await qi.createTable(
    'job_locks',
    {
      name: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      owner: str(64, false),
      lockedUntil: time(),
    },
    tableOptions,
  );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  const tables = [
    'job_locks',
    'number_sequences',
    'api_call_logs',
    'operation_logs',
    'invite_codes',
    'factories',
    'customers',
    'user_roles',
    'users',
    'role_permissions',
    'permissions',
    'roles',
  ];
  for (const table of tables) await qi.dropTable(table);
}
