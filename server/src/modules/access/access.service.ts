import type { Principal } from './principal';
import type { PrincipalCache } from './principal-cache';
import type { UsersRepository } from '../users/users.repository';

/** Loads principals for the cache (on a miss only) and exposes invalidation to other services. */
export class AccessService {
  constructor(
    private readonly users: UsersRepository,
    private cache: PrincipalCache | null = null,
  ) {}

  attachCache(cache: PrincipalCache): void {
    this.cache = cache;
  }

  async loadPrincipal(userId: number): Promise<Principal | null> {
    const user = await this.users.findById(userId);
    if (!user) return null;
    const { roles, permissions } = await this.users.accessOf(userId);
    const primary = roles.find((r) => r.code === 'admin') ?? roles[0];
    return {
      userId: user.id,
      userType: user.userType,
      username: user.username,
      isActive: user.isActive,
      tokenVersion: user.tokenVersion,
      roles: roles.map((r) => r.code),
      primaryRoleId: primary ? primary.id : null,
      permissions: new Set(permissions),
      permissionList: [...new Set(permissions)].sort(),
      customerId: user.customerId,
      factoryId: user.factoryId,
      profile: {
        realName: user.realName,
        avatar: user.avatar,
        mobile: user.mobile,
        email: user.email,
        department: user.department,
        nickName: user.nickName,
      },
    };
  }

  async principal(userId: number): Promise<Principal | null> {
    return this.cache ? this.cache.get(userId) : this.loadPrincipal(userId);
  }

  /** Call after any write that changes a user's status, password, roles or bindings. */
  invalidateUser(userId: number): void {
    this.cache?.invalidate(userId);
  }

  /** Call after a role's permissions change: every holder is affected. */
  invalidateAll(): void {
    this.cache?.invalidate();
  }
}
