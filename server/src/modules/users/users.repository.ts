import { Op, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { UserListQuery } from '@app/shared';
import type { Database } from '../../db/database';
import { containsAny } from '../../db/like';
import { PermissionModel, RoleModel, RolePermissionModel, UserModel, UserRoleModel } from '../../db/models';

export interface RoleRef {
  id: number;
  code: string;
  name: string;
}

export interface UserRecord {
  id: number;
  userType: 'staff' | 'wechat';
  username: string | null;
  passwordHash: string | null;
  userCode: string | null;
  realName: string | null;
  mobile: string | null;
  email: string | null;
  department: string | null;
  avatar: string | null;
  openid: string | null;
  nickName: string | null;
  customerId: number | null;
  customerBoundAt: Date | null;
  factoryId: number | null;
  factoryBoundAt: Date | null;
  isActive: boolean;
  tokenVersion: number;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserWithRoles extends UserRecord {
  roles: RoleRef[];
}

export type NewStaffUser = Pick<UserRecord, 'username' | 'passwordHash' | 'userCode' | 'realName' | 'mobile'> &
  Partial<Pick<UserRecord, 'email' | 'department'>>;

export type UserPatch = Partial<
  Pick<UserRecord, 'realName' | 'mobile' | 'email' | 'department' | 'avatar' | 'nickName'>
>;

function toRecord(m: UserModel): UserRecord {
  return {
    id: Number(m.id),
    userType: m.userType,
    username: m.username,
    passwordHash: m.passwordHash,
    userCode: m.userCode,
    realName: m.realName,
    mobile: m.mobile,
    email: m.email,
    department: m.department,
    avatar: m.avatar,
    openid: m.openid,
    nickName: m.nickName,
    customerId: m.customerId === null ? null : Number(m.customerId),
    customerBoundAt: m.customerBoundAt,
    factoryId: m.factoryId === null ? null : Number(m.factoryId),
    factoryBoundAt: m.factoryBoundAt,
    isActive: Boolean(m.isActive),
    tokenVersion: Number(m.tokenVersion),
    lastLoginAt: m.lastLoginAt,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

const NAME_TTL_MS = 60_000;

export class UsersRepository {
  private readonly names = new Map<number, { name: string; until: number }>();

  constructor(private readonly db: Database) {}

  async findById(id: number): Promise<UserRecord | null> {
    const row = await UserModel.findByPk(id);
    return row ? toRecord(row) : null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const row = await UserModel.findOne({ where: { username } });
    return row ? toRecord(row) : null;
  }

  async findByOpenid(openid: string): Promise<UserRecord | null> {
    const row = await UserModel.findOne({ where: { openid }, paranoid: false });
    return row && row.deletedAt === null ? toRecord(row) : null;
  }

  async findWithRoles(id: number): Promise<UserWithRoles | null> {
    const user = await this.findById(id);
    if (!user) return null;
    const roles = await this.rolesOf([id]);
    return { ...user, roles: roles.get(id) ?? [] };
  }

  /** Role ids, codes and the union of their permissions: what a principal is made of. */
  async accessOf(userId: number): Promise<{ roles: RoleRef[]; permissions: string[] }> {
    const roles = (await this.rolesOf([userId])).get(userId) ?? [];
    if (roles.length === 0) return { roles, permissions: [] };
    const links = await RolePermissionModel.findAll({ where: { roleId: roles.map((r) => r.id) }, raw: true });
    const ids = [...new Set(links.map((l) => l.permissionId))];
    const perms = ids.length
      ? await PermissionModel.findAll({ where: { id: ids }, attributes: ['code'], raw: true })
      : [];
    return { roles, permissions: perms.map((p) => p.code) };
  }

  async list(query: UserListQuery): Promise<{ rows: UserWithRoles[]; total: number }> {
    const where: WhereOptions[] = [{ userType: 'staff' }];
    if (query.isActive !== undefined) where.push({ isActive: query.isActive === 1 });
    if (query.keyword) {
      where.push(containsAny(UserModel, ['realName', 'mobile', 'username'], query.keyword));
    }
    const { rows, count } = await UserModel.findAndCountAll({
      where: { [Op.and]: where },
      order: [['id', 'ASC']],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    const records = rows.map(toRecord);
    const roles = await this.rolesOf(records.map((r) => r.id));
    return { rows: records.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] })), total: count };
  }

  async existsWith(field: 'username' | 'userCode', value: string, exceptId?: number): Promise<boolean> {
    const where: WhereOptions = exceptId ? { [field]: value, id: { [Op.ne]: exceptId } } : { [field]: value };
    return (await UserModel.count({ where, paranoid: false })) > 0;
  }

  async createStaff(user: NewStaffUser, roleIds: number[], t: Transaction): Promise<number> {
    const row = await UserModel.create(
      {
        userType: 'staff',
        username: user.username,
        passwordHash: user.passwordHash,
        userCode: user.userCode,
        realName: user.realName,
        mobile: user.mobile,
        email: user.email ?? null,
        department: user.department ?? null,
        avatar: null,
        openid: null,
        unionid: null,
        nickName: null,
        customerId: null,
        customerBoundAt: null,
        factoryId: null,
        factoryBoundAt: null,
        disabledReason: null,
        lastLoginAt: null,
        deletedAt: null,
      },
      { transaction: t },
    );
    const id = Number(row.id);
    await this.replaceRoles(id, roleIds, t);
    return id;
  }

  async createWechatUser(
    openid: string,
    nickName: string | null,
    avatar: string | null,
    at: Date,
  ): Promise<UserRecord> {
    const row = await this.db.write(() =>
      UserModel.create({
        userType: 'wechat',
        username: null,
        passwordHash: null,
        userCode: null,
        realName: null,
        mobile: null,
        email: null,
        department: null,
        avatar,
        openid,
        unionid: null,
        nickName,
        customerId: null,
        customerBoundAt: null,
        factoryId: null,
        factoryBoundAt: null,
        disabledReason: null,
        lastLoginAt: at,
        deletedAt: null,
      }),
    );
    return toRecord(row);
  }

  /** A single-statement write (serialized in SQLite mode); not for use inside a transaction. */
  async update(id: number, patch: UserPatch & { lastLoginAt?: Date }): Promise<void> {
    await this.db.write(() => UserModel.update(patch, { where: { id } }));
    this.names.delete(id);
  }

  /** Sets a new password hash and bumps the token version, so every older token answers 401. */
  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.db.write(() =>
      UserModel.update({ passwordHash, tokenVersion: literal('tokenVersion + 1') }, { where: { id } }),
    );
  }

  async setActive(id: number, isActive: boolean, reason: string | null, t: Transaction): Promise<void> {
    const patch = isActive
      ? { isActive, disabledReason: null }
      : {
          isActive,
          disabledReason: reason,
          tokenVersion: literal('tokenVersion + 1'),
        };
    await UserModel.update(patch, { where: { id }, transaction: t });
  }

  async replaceRoles(userId: number, roleIds: number[], t: Transaction): Promise<void> {
    await UserRoleModel.destroy({ where: { userId }, transaction: t });
    if (roleIds.length) {
      await UserRoleModel.bulkCreate(
        [...new Set(roleIds)].map((roleId) => ({ userId, roleId })),
        { transaction: t },
      );
    }
  }

  async addRole(userId: number, roleId: number, t: Transaction): Promise<void> {
    const exists = await UserRoleModel.count({ where: { userId, roleId }, transaction: t });
    if (!exists) await UserRoleModel.create({ userId, roleId }, { transaction: t });
  }

  /** Binds a WeChat user to a company only if not bound yet; false when someone else won the race. */
  async bindCustomer(userId: number, customerId: number, at: Date, t: Transaction): Promise<boolean> {
    const [count] = await UserModel.update(
      { customerId, customerBoundAt: at },
      { where: { id: userId, customerId: null, factoryId: null }, transaction: t },
    );
    return count === 1;
  }

  async bindFactory(userId: number, factoryId: number, at: Date, t: Transaction): Promise<boolean> {
    const [count] = await UserModel.update(
      { factoryId, factoryBoundAt: at },
      { where: { id: userId, customerId: null, factoryId: null }, transaction: t },
    );
    return count === 1;
  }

  /**
   * Display names (real name, else username) of users, for answers that name an owner or author. Names change
   * rarely, so they are kept for a minute (per process) instead of costing every list a query.
   */
  async displayNames(ids: readonly number[]): Promise<Map<number, string>> {
    const now = Date.now();
    const out = new Map<number, string>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const hit = this.names.get(id);
      if (hit && hit.until > now) out.set(id, hit.name);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const rows = await UserModel.findAll({
      attributes: ['id', 'realName', 'username', 'nickName'],
      where: { id: { [Op.in]: missing } },
      paranoid: false,
      raw: true,
    });
    if (this.names.size > 10_000) this.names.clear();
    for (const r of rows) {
      const name = r.realName ?? r.username ?? r.nickName ?? `#${r.id}`;
      this.names.set(Number(r.id), { name, until: now + NAME_TTL_MS });
      out.set(Number(r.id), name);
    }
    return out;
  }

  /** Login names of users (export names owners by account, so the file imports back). */
  async usernames(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await UserModel.findAll({
      attributes: ['id', 'username'],
      where: { id: { [Op.in]: unique } },
      paranoid: false,
      raw: true,
    });
    return new Map(rows.flatMap((r) => (r.username ? [[Number(r.id), r.username] as const] : [])));
  }

  async countAll(): Promise<number> {
    return UserModel.count({ paranoid: false });
  }

  private async rolesOf(userIds: number[]): Promise<Map<number, RoleRef[]>> {
    const result = new Map<number, RoleRef[]>();
    if (userIds.length === 0) return result;
    const links = await UserRoleModel.findAll({ where: { userId: userIds }, raw: true });
    if (links.length === 0) return result;
    const roles = await RoleModel.findAll({ where: { id: [...new Set(links.map((l) => l.roleId))] }, raw: true });
    const byId = new Map(roles.map((r) => [r.id, { id: r.id, code: r.code, name: r.name }]));
    for (const link of links.sort((a, b) => a.roleId - b.roleId)) {
      const role = byId.get(link.roleId);
      if (!role) continue;
      const uid = Number(link.userId);
      result.set(uid, [...(result.get(uid) ?? []), role]);
    }
    return result;
  }
}
