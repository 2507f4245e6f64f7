import type { Transaction } from 'sequelize';
import type { CustomersRepository } from '@app/server/src/modules/customers/customers.repository';
import type { FactoriesRepository } from '@app/server/src/modules/factories/factories.repository';
import type {
  InviteCodeRecord,
  InviteCodesRepository,
} from '@app/server/src/modules/invite-codes/invite-codes.repository';
import { InviteCodeService, randomInviteCode } from '@app/server/src/modules/invite-codes/invite-codes.service';
import type { DataScope } from '@app/server/src/modules/access/principal';
import { staffPrincipal } from '../fakes/principals';

const NOW = new Date('2026-11-21T10:00:00.000Z');

function fakeRepo(taken: Set<string>) {
  const drawn: string[] = [];
  const repo = {
    transaction: <T>(fn: (t: Transaction) => Promise<T>) => fn({} as Transaction),
    rotate: async (
      targetType: 'customer' | 'factory',
      targetId: number,
      code: string,
    ): Promise<InviteCodeRecord | null> => {
      drawn.push(code);
      if (taken.has(code)) return null;
      return { id: 1, code, targetType, targetId, isActive: true, createdAt: NOW };
    },
    findByCode: async (code: string): Promise<InviteCodeRecord | null> =>
      code === 'OLDCODE1'
        ? { id: 2, code, targetType: 'customer', targetId: 5, isActive: false, createdAt: NOW }
        : code === 'LIVECODE'
          ? { id: 3, code, targetType: 'factory', targetId: 9, isActive: true, createdAt: NOW }
          : null,
  };
  return { repo: repo as unknown as InviteCodesRepository, drawn };
}

/** Customer 5 is owned by user 7; the fake applies the owner scope as the real query does. */
const customers = {
  findRef: async (id: number, scope: DataScope) =>
    id === 5 && (scope.kind === 'all' || (scope.kind === 'owner' && scope.userId === 7))
      ? { id, customerCode: 'C', customerName: 'n', ownerId: 7 }
      : null,
};
const factories = { findById: async () => null };

describe(InviteCodeService.name, () => {
  const service = (taken: Set<string>, codes: string[]) => {
    const { repo, drawn } = fakeRepo(taken);
    const next = [...codes];
    const svc = new InviteCodeService(
      repo,
      customers as unknown as CustomersRepository,
      factories as unknown as FactoriesRepository,
      { now: () => NOW },
      () => next.shift() ?? 'ZZZZZZZZ',
    );
    return { svc, drawn };
  };

  it('draws again when a fresh code is already taken', async () => {
    const { svc, drawn } = service(new Set(['TAKEN111']), ['TAKEN111', 'FRESH222']);
    const code = await svc.issue(staffPrincipal({ userId: 7 }), 'customer', 5);
    expect(drawn).toEqual(['TAKEN111', 'FRESH222']);
    expect(code).toEqual({ inviteCode: 'FRESH222', targetType: 'customer', targetId: 5, createdAt: NOW.toISOString() });
  });

  it('answers "not found" for a target the caller cannot see, before drawing any code', async () => {
    const { svc, drawn } = service(new Set(), ['A']);
    await expect(svc.issue(staffPrincipal({ userId: 8 }), 'customer', 5)).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
    });
    await expect(svc.issue(staffPrincipal(), 'factory', 1)).rejects.toMatchObject({ code: 'FACTORY_NOT_FOUND' });
    expect(drawn).toEqual([]);
  });

  it('finds codes case-insensitively, rotated ones too (marked inactive), and nothing for an unknown one', async () => {
    const { svc } = service(new Set(), []);
    await expect(svc.find(' livecode ')).resolves.toMatchObject({ targetType: 'factory', targetId: 9, isActive: true });
    await expect(svc.find('oldcode1')).resolves.toMatchObject({ isActive: false });
    await expect(svc.find('NOPE')).resolves.toBeNull();
  });

  it('draws 8-character codes without look-alike characters', () => {
    for (let i = 0; i < 200; i += 1) expect(randomInviteCode()).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
  });
});
