import { ROLE_SEEDS } from '@app/shared';
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { PasswordHasher } from '../../platform/password-hasher';
import { indexTerms, normalizeName } from '../customers/customer-search-terms';
import type { CustomersRepository } from '../customers/customers.repository';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { InviteCodesRepository } from '../invite-codes/invite-codes.repository';
import { formatNumber, type NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { RolesRepository } from '../roles/roles.repository';
import type { UsersRepository } from '../users/users.repository';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  roleName: string;
}

export interface DemoData {
  accounts: DemoAccount[];
  customer: { customerCode: string; customerName: string; inviteCode: string };
  factory: { factoryCode: string; name: string; inviteCode: string };
}

/** WeChat-only roles: their people log in through the mini-program and bind with an invite code. */
const WECHAT_ROLES = new Set(['customer', 'factory']);

export const DEMO_INVITE_CODES = { customer: 'DEMO-HOTEL', factory: 'DEMO-FACTORY' } as const;

/** Seeds an empty database with one staff account per role, a customer company and a factory. */
export class DemoSeeder {
  constructor(
    private readonly d: {
      db: Database;
      users: UsersRepository;
      roles: RolesRepository;
      customers: CustomersRepository;
      factories: FactoriesRepository;
      invites: InviteCodesRepository;
      sequences: NumberSequenceRepository;
      hasher: PasswordHasher;
      clock: Clock;
    },
  ) {}

  async seedIfEmpty(): Promise<DemoData | null> {
    if ((await this.d.users.countAll()) > 0) return null;
    const accounts: DemoAccount[] = ROLE_SEEDS.filter((r) => !WECHAT_ROLES.has(r.code)).map((r) => ({
      username: r.code === 'admin' ? 'admin' : r.code,
      password: r.code === 'admin' ? 'admin123' : `${r.code}123`,
      role: r.code,
      roleName: r.name,
    }));
    const hashes = await Promise.all(accounts.map((a) => this.d.hasher.hash(a.password)));
    const now = this.d.clock.now();
    const year = String(now.getUTCFullYear());
    return this.d.db.transaction(async (t) => {
      const idOf = new Map<string, number>();
      for (const [i, a] of accounts.entries()) {
        const role = await this.d.roles.findRoleByCode(a.role);
        const id = await this.d.users.createStaff(
          {
            username: a.username,
            passwordHash: hashes[i],
            userCode: `EMP${String(i + 1).padStart(3, '0')}`,
            realName: a.role === 'admin' ? '系统管理员' : `演示${a.roleName}`,
            mobile: `1380013${String(8000 + i).padStart(4, '0')}`,
          },
          role ? [role.id] : [],
          t,
        );
        idOf.set(a.role, id);
      }
      const customerCode = formatNumber('CUST', year, await this.d.sequences.next(`customer:${year}`, t));
      const customerName = '演示酒店集团';
      const customerId = await this.d.customers.create(
        {
          customerCode,
          customerName,
          customerStage: 'client',
          customerType: 'chain_hotel',
          customerLevel: 'A',
          province: '广东省',
          city: '深圳市',
          contactPhone: '0755-88886666',
          source: 'referral',
          nameKey: normalizeName(customerName),
          phoneKey: '075588886666',
          stageUpdatedAt: now,
          convertedAt: now,
          ownerId: idOf.get('sales') ?? null,
          createdBy: idOf.get('admin') ?? null,
        },
        t,
      );
      await this.d.customers.replaceTerms(customerId, indexTerms([customerName], ['0755-88886666']), t);
      const factoryCode = formatNumber('FAC', null, await this.d.sequences.next('factory', t), 4);
      const factoryName = '演示智能设备工厂';
      const factoryId = await this.d.factories.create(
        { factoryCode, name: factoryName, createdBy: idOf.get('admin') ?? null },
        t,
      );
      await this.d.invites.rotate('customer', customerId, DEMO_INVITE_CODES.customer, null, now, t);
      await this.d.invites.rotate('factory', factoryId, DEMO_INVITE_CODES.factory, null, now, t);
      return {
        accounts,
        customer: { customerCode, customerName, inviteCode: DEMO_INVITE_CODES.customer },
        factory: { factoryCode, name: factoryName, inviteCode: DEMO_INVITE_CODES.factory },
      };
    });
  }

  /** True when the admin account still has the documented demo password (refused in production). */
  async hasDemoAdminPassword(): Promise<boolean> {
    const admin = await this.d.users.findByUsername('admin');
    return admin !== null && (await this.d.hasher.verify('admin123', admin.passwordHash));
  }
}
