import type { Page, User, UserCreate, UserListQuery, UserRoles, UserStatus, UserUpdate } from '@app/shared';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Database } from '../../db/database';
import type { PasswordHasher } from '../../platform/password-hasher';
import type { AccessService } from '../access/access.service';
import type { Principal } from '../access/principal';
import type { RolesRepository } from '../roles/roles.repository';
import type { UsersRepository, UserWithRoles } from './users.repository';

export function toUserDto(u: UserWithRoles): User {
  return {
    userId: u.id,
    username: u.username,
    userCode: u.userCode,
    realName: u.realName,
    mobile: u.mobile,
    email: u.email,
    department: u.department,
    userType: u.userType,
    isActive: u.isActive ? 1 : 0,
    roles: u.roles.map((r) => ({ roleId: r.id, roleCode: r.code, roleName: r.name })),
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** Staff accounts (004 §4.1-4.4, 4.7). */
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly roles: RolesRepository,
    private readonly hasher: PasswordHasher,
    private readonly access: AccessService,
  ) {}

  async list(query: UserListQuery): Promise<Page<User>> {
    const { rows, total } = await this.users.list(query);
    return toPage(rows.map(toUserDto), total, query);
  }

  async get(id: number): Promise<User> {
    const user = await this.users.findWithRoles(id);
    if (!user) throw new AppError('USER_NOT_FOUND');
    return toUserDto(user);
  }

  async create(input: UserCreate): Promise<User> {
    const username = input.username ?? input.userCode;
    await this.assertRolesExist(input.roleIds);
    const passwordHash = await this.hasher.hash(input.password);
    const id = await this.db.transaction(async (t) => {
      if (await this.users.existsWith('username', username)) throw new AppError('USERNAME_TAKEN');
      if (await this.users.existsWith('userCode', input.userCode)) throw new AppError('USER_CODE_TAKEN');
      return this.users.createStaff(
        {
          username,
          passwordHash,
          userCode: input.userCode,
          realName: input.realName,
          mobile: input.mobile,
          email: input.email ?? null,
          department: input.department ?? null,
        },
        input.roleIds,
        t,
      );
    });
    return this.get(id);
  }

  async update(id: number, input: UserUpdate): Promise<User> {
    await this.requireUser(id);
    await this.users.update(id, input);
    this.access.invalidateUser(id);
    return this.get(id);
  }

  /** Disabling revokes every token of the user at once; nobody disables themself. */
  async setStatus(actor: Principal, id: number, input: UserStatus): Promise<User> {
    if (actor.userId === id && input.isActive === 0) throw new AppError('WRONG_STATE', '不能停用自己的账号');
    await this.requireUser(id);
    await this.db.transaction((t) => this.users.setActive(id, input.isActive === 1, input.reason ?? null, t));
    this.access.invalidateUser(id);
    return this.get(id);
  }

  async setRoles(id: number, input: UserRoles): Promise<User> {
    await this.requireUser(id);
    await this.assertRolesExist(input.roleIds);
    await this.db.transaction((t) => this.users.replaceRoles(id, input.roleIds, t));
    this.access.invalidateUser(id);
    return this.get(id);
  }

  private async requireUser(id: number): Promise<void> {
    if (!(await this.users.findById(id))) throw new AppError('USER_NOT_FOUND');
  }

  private async assertRolesExist(roleIds: number[]): Promise<void> {
    const found = new Set(await this.roles.findRoleIds(roleIds));
    const missing = roleIds.filter((id) => !found.has(id));
    if (missing.length) throw new AppError('ROLE_NOT_FOUND', `角色不存在：${missing.join(', ')}`, { roleIds: missing });
  }
}
