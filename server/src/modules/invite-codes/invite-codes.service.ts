import { randomInt } from 'node:crypto';
import type { InviteCode } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { Clock } from '../../platform/clock';
import { scopeFor, type Principal } from '../access/principal';
import type { CustomersRepository } from '../customers/customers.repository';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { InviteCodeRecord, InviteCodesRepository, InviteTarget } from './invite-codes.repository';

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

export function randomInviteCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

function toDto(r: InviteCodeRecord): InviteCode {
  return { inviteCode: r.code, targetType: r.targetType, targetId: r.targetId, createdAt: r.createdAt.toISOString() };
}

export class InviteCodeService {
  constructor(
    private readonly repo: InviteCodesRepository,
    private readonly customers: CustomersRepository,
    private readonly factories: FactoriesRepository,
    private readonly clock: Clock,
    private readonly generate: () => string = randomInviteCode,
  ) {}

  /** Issues a fresh code for a company or factory the caller can see; the previous code stops working. */
  async issue(principal: Principal | null, targetType: InviteTarget, targetId: number): Promise<InviteCode> {
    const scope = principal ? scopeFor(principal) : ({ kind: 'all' } as const);
    if (targetType === 'customer' && !(await this.customers.findRef(targetId, scope)))
      throw new AppError('CUSTOMER_NOT_FOUND');
    if (targetType === 'factory' && !(await this.factories.findById(targetId, scope)))
      throw new AppError('FACTORY_NOT_FOUND');
    // A fresh random code collides with an existing one about never; if it does, draw again.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const record = await this.repo.transaction((t) =>
        this.repo.rotate(targetType, targetId, this.generate(), principal?.userId ?? null, this.clock.now(), t),
      );
      if (record) return toDto(record);
    }
    throw new Error('could not draw an unused invite code');
  }

  /** The record of a code, in force or rotated out (codes are kept upper-case), else null. */
  find(code: string): Promise<InviteCodeRecord | null> {
    return this.repo.findByCode(code.trim().toUpperCase());
  }

  activeCodes(targetType: InviteTarget, targetIds: number[]): Promise<Map<number, string>> {
    return this.repo.activeFor(targetType, targetIds);
  }
}
