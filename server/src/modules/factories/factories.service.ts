import type { Factory, FactoryCreate, FactoryListQuery, FactoryUpdate, Page } from '@app/shared';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import { scopeFor, type Principal } from '../access/principal';
import { formatNumber, type NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { InviteCodeService } from '../invite-codes/invite-codes.service';
import type { FactoriesRepository, FactoryRecord } from './factories.repository';

export function toFactoryDto(r: FactoryRecord, inviteCode?: string | null): Factory {
  const dto: Factory = {
    factoryId: r.id,
    factoryCode: r.factoryCode,
    name: r.name,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    address: r.address,
    isActive: r.isActive ? 1 : 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
  if (inviteCode !== undefined) dto.inviteCode = inviteCode;
  return dto;
}

export class FactoriesService {
  constructor(
    private readonly repo: FactoriesRepository,
    private readonly sequences: NumberSequenceRepository,
    private readonly invites: InviteCodeService,
  ) {}

  async create(principal: Principal, input: FactoryCreate): Promise<Factory> {
    const id = await this.repo.transaction(async (t) => {
      let factoryCode = input.factoryCode;
      if (factoryCode && (await this.repo.codeExists(factoryCode, t))) throw new AppError('FACTORY_CODE_TAKEN');
      factoryCode ??= formatNumber('FAC', null, await this.sequences.next('factory', t), 4);
      return this.repo.create(
        { ...input, factoryCode, isActive: input.isActive === 1, createdBy: principal.userId },
        t,
      );
    });
    return this.get(principal, id);
  }

  async list(principal: Principal, query: FactoryListQuery): Promise<Page<Factory>> {
    const { rows, total } = await this.repo.list(query, scopeFor(principal));
    const codes = await this.inviteCodesFor(principal, rows);
    return toPage(
      rows.map((r) => toFactoryDto(r, codes ? (codes.get(r.id) ?? null) : undefined)),
      total,
      query,
    );
  }

  async get(principal: Principal, id: number): Promise<Factory> {
    const row = await this.repo.findById(id, scopeFor(principal));
    if (!row) throw new AppError('FACTORY_NOT_FOUND');
    const codes = await this.inviteCodesFor(principal, [row]);
    return toFactoryDto(row, codes ? (codes.get(row.id) ?? null) : undefined);
  }

  async update(principal: Principal, id: number, input: FactoryUpdate): Promise<Factory> {
    await this.repo.transaction(async (t) => {
      const row = await this.repo.findById(id, scopeFor(principal), t);
      if (!row) throw new AppError('FACTORY_NOT_FOUND');
      const { isActive, ...rest } = input;
      await this.repo.update(
        id,
        { ...rest, ...(isActive === undefined ? {} : { isActive: isActive === 1 }), updatedBy: principal.userId },
        t,
      );
    });
    return this.get(principal, id);
  }

  /** Invite codes are shown only to those who may issue them. */
  private async inviteCodesFor(principal: Principal, rows: FactoryRecord[]): Promise<Map<number, string> | null> {
    if (!principal.permissions.has('factories.invite')) return null;
    return this.invites.activeCodes(
      'factory',
      rows.map((r) => r.id),
    );
  }
}
