import type { LoginResult, PasswordChange, StaffProfile, TokenResult } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { Clock } from '../../platform/clock';
import type { PasswordHasher } from '../../platform/password-hasher';
import type { AccessService } from '../access/access.service';
import type { Principal } from '../access/principal';
import type { UsersRepository } from '../users/users.repository';
import type { TokenService } from './token.service';

/** Staff sign-in (004 §1): username + password → JWT. */
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly staffTtlSeconds: number,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.users.findByUsername(username);
    const ok = await this.hasher.verify(password, user?.passwordHash ?? null);
    if (!user || !ok || user.userType !== 'staff') throw new AppError('INVALID_CREDENTIALS');
    if (!user.isActive) throw new AppError('USER_DISABLED');
    await this.users.update(user.id, { lastLoginAt: this.clock.now() });
    const principal = await this.requirePrincipal(user.id);
    const issued = await this.tokens.issue(user.id, user.tokenVersion, this.staffTtlSeconds);
    const { department: _d, phone: _p, email: _e, ...staffUser } = this.profile(principal);
    return { ...issued, user: staffUser };
  }

  /** Answered from the principal cache: no query in the steady state. */
  profile(principal: Principal): StaffProfile {
    const p = principal.profile;
    return {
      id: principal.userId,
      username: principal.username ?? '',
      name: p.realName ?? principal.username ?? '',
      role: principal.primaryRoleId,
      roles: [...principal.roles],
      permissions: [...principal.permissionList],
      avatar: p.avatar,
      department: p.department,
      phone: p.mobile,
      email: p.email,
    };
  }

  /** Changing the password revokes every older token; the caller gets a fresh one. */
  async changePassword(principal: Principal, input: PasswordChange): Promise<TokenResult> {
    const user = await this.users.findById(principal.userId);
    if (!user || user.userType !== 'staff') throw new AppError('USER_NOT_FOUND');
    if (!(await this.hasher.verify(input.oldPassword, user.passwordHash))) throw new AppError('OLD_PASSWORD_WRONG');
    await this.users.setPassword(user.id, await this.hasher.hash(input.newPassword));
    this.access.invalidateUser(user.id);
    return this.tokens.issue(user.id, user.tokenVersion + 1, this.staffTtlSeconds);
  }

  private async requirePrincipal(userId: number): Promise<Principal> {
    const principal = await this.access.principal(userId);
    if (!principal) throw new AppError('USER_NOT_FOUND');
    return principal;
  }
}
