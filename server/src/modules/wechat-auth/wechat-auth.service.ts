import type { BindCompany, BindResult, WxLogin, WxLoginResult, WxUserProfile } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { ErpCompany } from '../../integrations/erp/erp.client';
import type { WechatClient } from '../../integrations/wechat/wechat.client';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../db/database';
import type { AccessService } from '../access/access.service';
import type { Principal } from '../access/principal';
import type { CustomersRepository } from '../customers/customers.repository';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { InviteCodeService } from '../invite-codes/invite-codes.service';
import type { InviteTarget } from '../invite-codes/invite-codes.repository';
import type { RolesRepository } from '../roles/roles.repository';
import type { TokenService } from '../auth/token.service';
import type { UserRecord, UsersRepository } from '../users/users.repository';

const ALL = { kind: 'all' } as const;
const ROTATED = '邀请码不匹配：该企业的邀请码已更换';
const sameCode = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

interface BindTarget {
  targetType: InviteTarget;
  targetId: number;
}

export interface WechatAuthDeps {
  db: Database;
  wechat: WechatClient;
  users: UsersRepository;
  roles: RolesRepository;
  customers: CustomersRepository;
  factories: FactoriesRepository;
  invites: InviteCodeService;
  /** The ERP boundary's invite-code lookup (003: the company whose 微信邀请码 this is). */
  companies: { byInviteCode(inviteCode: string): Promise<ErpCompany | null> };
  tokens: TokenService;
  access: AccessService;
  clock: Clock;
  ttlSeconds: number;
}

/** 003 "认证相关": WeChat login, binding to a company (or factory) by invite code, and the profile. */
export class WechatAuthService {
  constructor(private readonly d: WechatAuthDeps) {}

  async login(input: WxLogin): Promise<WxLoginResult> {
    if (!input.code) throw new AppError('WECHAT_CODE_MISSING');
    const session = await this.d.wechat.code2Session(input.code);
    const now = this.d.clock.now();
    const nickName = input.userInfo?.nickName ?? null;
    const avatar = input.userInfo?.avatarUrl ?? null;
    let user = await this.d.users.findByOpenid(session.openid);
    if (!user) user = await this.d.users.createWechatUser(session.openid, nickName, avatar, now);
    else {
      if (!user.isActive) throw new AppError('USER_DISABLED');
      await this.d.users.update(user.id, {
        lastLoginAt: now,
        ...(nickName ? { nickName } : {}),
        ...(avatar ? { avatar } : {}),
      });
      if (nickName || avatar) this.d.access.invalidateUser(user.id);
    }
    const issued = await this.d.tokens.issue(user.id, user.tokenVersion, this.d.ttlSeconds);
    return {
      token: issued.token,
      userId: String(user.id),
      expiresAt: issued.expiresAt,
      bound: user.customerId !== null || user.factoryId !== null,
    };
  }

  /**
   * 003 rules: the code may be used many times and has no format beyond "not empty"; it must be the
   * company's current code as the ERP answers it; an existing binding is reported ("已绑定该企业") and never replaced.
   */
  async bind(principal: Principal, input: BindCompany): Promise<BindResult> {
    if (input.userId !== undefined && String(input.userId) !== String(principal.userId))
      throw new AppError('USER_MISMATCH');
    const user = await this.d.users.findById(principal.userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    const target = await this.target(input.inviteCode);

    if (user.customerId !== null || user.factoryId !== null) return this.existingBinding(user, target);

    const now = this.d.clock.now();
    const result = await this.d.db.transaction(async (t) => {
      if (target.targetType === 'customer') {
        const company = await this.d.customers.findRef(target.targetId, ALL, t);
        if (!company) throw new AppError('COMPANY_NOT_FOUND');
        if (!(await this.d.users.bindCustomer(user.id, company.id, now, t))) return null;
        await this.d.users.addRole(user.id, await this.roleId('customer'), t);
        return this.companyInfo('customer', company.customerCode, company.customerName, company.id);
      }
      const factory = await this.d.factories.findById(target.targetId, ALL, t);
      if (!factory || !factory.isActive) throw new AppError('COMPANY_NOT_FOUND', '未找到对应工厂');
      if (!(await this.d.users.bindFactory(user.id, factory.id, now, t))) return null;
      await this.d.users.addRole(user.id, await this.roleId('factory'), t);
      return this.companyInfo('factory', factory.factoryCode, factory.name, factory.id);
    });
    this.d.access.invalidateUser(user.id);
    if (result) return result;
    // A concurrent request bound this user first: answer as for an existing binding.
    const fresh = await this.d.users.findById(user.id);
    if (!fresh) throw new AppError('USER_NOT_FOUND');
    return this.existingBinding(fresh, target);
  }

  /**
   * What a code binds to. A factory's code is this system's own; any other code is asked of the ERP boundary
   * (`ErpClient`), whose company must be a customer here (same code) and whose current 微信邀请码 must be this code.
   */
  private async target(inviteCode: string): Promise<BindTarget> {
    const local = await this.d.invites.find(inviteCode);
    if (local?.targetType === 'factory') {
      if (!local.isActive) throw new AppError('INVITE_CODE_MISMATCH', ROTATED);
      return { targetType: 'factory', targetId: local.targetId };
    }
    const company = await this.d.companies.byInviteCode(inviteCode);
    if (!company) throw new AppError('INVITE_CODE_INVALID');
    if (!sameCode(company.inviteCode, inviteCode)) throw new AppError('INVITE_CODE_MISMATCH', ROTATED);
    const customer = await this.d.customers.findRefByCode(company.companyId);
    if (!customer) throw new AppError('COMPANY_NOT_FOUND');
    return { targetType: 'customer', targetId: customer.id };
  }

  async profile(principal: Principal, sessionExpiresAt: number): Promise<WxUserProfile> {
    const user = await this.d.users.findById(principal.userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    const company = user.customerId !== null ? await this.d.customers.findRef(user.customerId) : null;
    const factory = user.factoryId !== null ? await this.d.factories.findById(user.factoryId, ALL) : null;
    return {
      userId: String(user.id),
      nickName: user.nickName,
      avatarUrl: user.avatar,
      roles: [...principal.roles],
      erpBinding: {
        companyId: company?.customerCode ?? null,
        companyName: company?.customerName ?? null,
        customerId: company ? String(company.id) : null,
        boundAt: company && user.customerBoundAt ? user.customerBoundAt.getTime() : null,
      },
      factoryBinding: factory
        ? { factoryId: String(factory.id), factoryName: factory.name, boundAt: user.factoryBoundAt?.getTime() ?? null }
        : null,
      sessionExpiresAt,
    };
  }

  private async existingBinding(user: UserRecord, target: BindTarget): Promise<BindResult> {
    const sameTarget =
      (target.targetType === 'customer' && user.customerId === target.targetId) ||
      (target.targetType === 'factory' && user.factoryId === target.targetId);
    if (!sameTarget) throw new AppError('COMPANY_ALREADY_BOUND', '已绑定其他企业，不能重复绑定');
    if (user.customerId !== null) {
      const company = await this.d.customers.findRef(user.customerId);
      if (!company) throw new AppError('COMPANY_NOT_FOUND');
      return {
        ...this.companyInfo('customer', company.customerCode, company.customerName, company.id),
        alreadyBound: true,
      };
    }
    const factory = await this.d.factories.findById(user.factoryId ?? 0, ALL);
    if (!factory) throw new AppError('COMPANY_NOT_FOUND', '未找到对应工厂');
    return { ...this.companyInfo('factory', factory.factoryCode, factory.name, factory.id), alreadyBound: true };
  }

  private companyInfo(kind: 'customer' | 'factory', code: string, name: string, id: number): BindResult {
    return {
      bindStatus: true,
      bindType: kind,
      alreadyBound: false,
      companyInfo: {
        companyId: code,
        companyName: name,
        customerId: kind === 'customer' ? String(id) : null,
        factoryId: kind === 'factory' ? String(id) : null,
      },
    };
  }

  private async roleId(code: 'customer' | 'factory'): Promise<number> {
    const role = await this.d.roles.findRoleByCode(code);
    if (!role) throw new Error(`seeded role ${code} is missing`);
    return role.id;
  }
}
