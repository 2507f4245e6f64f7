import type { Transaction } from 'sequelize';
import {
  CUSTOMER_STAGES,
  type Customer,
  type FollowUp,
  type FollowUpCreate,
  type LeadAbandon,
  type LeadAssign,
  type LeadConvert,
  type OwnerTransfer,
  type StageChange,
  type StageChanged,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import { assertOwner, loadForWrite, loadVisible } from './customer-access';
import type { CustomerEventRecord } from './customer-activity.repository';
import type { CrmDeps } from './crm-deps';
import type { CustomerRecord } from './customers.repository';
import type { CustomersService } from './customers.service';
import { toFollowUpDto } from './customers.mapper';

const LEAD = { leadOnly: true } as const;
const rank = (stage: string) => (CUSTOMER_STAGES as readonly string[]).indexOf(stage);
const str = (v: number | null) => (v === null ? null : String(v));

/** How a customer moves: stages (004 §3.6, §5.6), owners (§3.7, §5.7, §5.8, claim) and follow-ups (§5.5). */
export class CustomerPipelineService {
  constructor(
    private readonly d: CrmDeps,
    private readonly customers: CustomersService,
  ) {}

  private event(
    row: CustomerRecord,
    principal: Principal,
    e: Omit<CustomerEventRecord, 'customerId' | 'createdBy' | 'createdAt'>,
    t: Transaction,
  ): Promise<void> {
    return this.d.activity.addEvent({ ...e, customerId: row.id, createdBy: principal.userId }, this.d.clock.now(), t);
  }

  /** 004 §3.6: any other stage, recorded with before/after; reaching `client` counts as converted. */
  async changeStage(principal: Principal, id: number, input: StageChange): Promise<StageChanged> {
    const now = this.d.clock.now();
    const before = await this.d.db.transaction(async (t) => {
      const row = await loadForWrite(this.d, principal, id, t);
      if (row.customerStage === input.targetStage) throw new AppError('STAGE_UNCHANGED');
      await this.d.customers.update(
        id,
        {
          customerStage: input.targetStage,
          stageUpdatedAt: now,
          ...(input.targetStage === 'client' && !row.convertedAt ? { convertedAt: now } : {}),
          updatedBy: principal.userId,
        },
        t,
      );
      const e = { fromValue: row.customerStage, toValue: input.targetStage, reasonCode: null };
      await this.event(row, principal, { eventType: 'stage', ...e, reason: input.stageDesc ?? null }, t);
      return row.customerStage as StageChanged['stageBefore'];
    });
    return {
      customerId: id,
      customerStage: input.targetStage,
      stageBefore: before,
      stageAfter: input.targetStage,
      stageUpdatedAt: now.toISOString(),
    };
  }

  /** 004 §5.6: a lead moves forward to a later stage and counts as converted. */
  async convert(principal: Principal, id: number, input: LeadConvert): Promise<Customer> {
    await this.d.db.transaction(async (t) => {
      const row = await loadForWrite(this.d, principal, id, t, LEAD);
      if (rank(input.targetStage) <= rank(row.customerStage))
        throw new AppError('STAGE_NOT_FORWARD', `只能从「${row.customerStage}」转为更靠后的阶段`, {
          field: 'targetStage',
        });
      const now = this.d.clock.now();
      await this.d.customers.update(
        id,
        {
          customerStage: input.targetStage,
          stageUpdatedAt: now,
          convertedAt: row.convertedAt ?? now,
          updatedBy: principal.userId,
        },
        t,
      );
      const e = { fromValue: row.customerStage, toValue: input.targetStage, reasonCode: null };
      await this.event(row, principal, { eventType: 'convert', ...e, reason: input.convertDesc ?? null }, t);
    });
    return this.customers.get(principal, id);
  }

  /** 004 §3.7: the customer and its open quotations move to the new owner (contacts are the customer's). */
  async transferOwner(principal: Principal, id: number, input: OwnerTransfer): Promise<Customer> {
    await this.d.db.transaction(async (t) => {
      const row = await loadForWrite(this.d, principal, id, t);
      await assertOwner(this.d, input.newOwnerId, 'newOwnerId');
      if (row.ownerId === input.newOwnerId) throw new AppError('OWNER_UNCHANGED');
      await this.d.customers.update(id, { ownerId: input.newOwnerId, updatedBy: principal.userId }, t);
      await this.d.deals.moveOpenQuotations(id, input.newOwnerId, principal.userId, t);
      const e = { fromValue: str(row.ownerId), toValue: String(input.newOwnerId), reasonCode: null };
      await this.event(row, principal, { eventType: 'owner', ...e, reason: input.transferReason }, t);
    });
    return this.customers.get(principal, id);
  }

  /** 004 §5.7: a manager gives a lead (pooled or owned) to a salesperson. */
  async assign(principal: Principal, id: number, input: LeadAssign): Promise<Customer> {
    await this.d.db.transaction(async (t) => {
      const row = await loadVisible(this.d, principal, id, LEAD, t);
      await assertOwner(this.d, input.ownerId, 'ownerId');
      if (row.ownerId === input.ownerId) throw new AppError('OWNER_UNCHANGED');
      await this.d.customers.update(
        id,
        { ownerId: input.ownerId, poolEnteredAt: null, updatedBy: principal.userId },
        t,
      );
      await this.d.deals.moveOpenQuotations(id, input.ownerId, principal.userId, t);
      const e = { fromValue: str(row.ownerId), toValue: String(input.ownerId), reasonCode: null };
      await this.event(row, principal, { eventType: 'assign', ...e, reason: input.assignReason ?? null }, t);
    });
    return this.customers.get(principal, id);
  }

  /** Sales take a lead from the public pool; of two racing claims exactly one wins. */
  async claim(principal: Principal, id: number): Promise<Customer> {
    await this.d.db.transaction(async (t) => {
      const row = await loadVisible(this.d, principal, id, LEAD, t);
      const won =
        row.ownerId === null &&
        (await this.d.customers.update(
          id,
          { ownerId: principal.userId, poolEnteredAt: null, updatedBy: principal.userId },
          t,
          { ownerId: null },
        ));
      if (!won) throw new AppError('LEAD_NOT_IN_POOL');
      await this.event(
        row,
        principal,
        { eventType: 'claim', fromValue: null, toValue: String(principal.userId), reasonCode: null, reason: null },
        t,
      );
    });
    return this.customers.get(principal, id);
  }

  /** 004 §5.8: back to the public pool (owner NULL) with a reason, which the statistics count. */
  async abandon(principal: Principal, id: number, input: LeadAbandon): Promise<Customer> {
    await this.d.db.transaction(async (t) => {
      const row = await loadVisible(this.d, principal, id, LEAD, t);
      if (row.ownerId === null) throw new AppError('LEAD_IN_POOL', '该线索已在公海池中');
      if (scopeFor(principal).kind !== 'all' && row.ownerId !== principal.userId) throw new AppError('LEAD_NOT_FOUND');
      await this.d.customers.update(
        id,
        {
          ownerId: null,
          poolEnteredAt: this.d.clock.now(),
          lostReasonCode: input.lostReasonCode,
          lostReason: input.abandonReason,
          updatedBy: principal.userId,
        },
        t,
        { ownerId: row.ownerId },
      );
      const e = { fromValue: str(row.ownerId), toValue: null, reasonCode: input.lostReasonCode };
      await this.event(row, principal, { eventType: 'pool', ...e, reason: input.abandonReason }, t);
    });
    return this.customers.get(principal, id);
  }

  /** 004 §5.5: a follow-up record; the customer's last and next follow-up times follow it. */
  async addFollowUp(principal: Principal, id: number, input: FollowUpCreate): Promise<FollowUp> {
    const now = this.d.clock.now();
    const next = input.nextFollowUpTime ? new Date(input.nextFollowUpTime) : null;
    if (next && next.getTime() <= now.getTime())
      throw new AppError('VALIDATION_ERROR', '下次跟进时间须晚于现在', [
        { field: 'nextFollowUpTime', message: '须晚于现在' },
      ]);
    const record = await this.d.db.transaction(async (t) => {
      await loadForWrite(this.d, principal, id, t);
      const added = await this.d.activity.addFollowUp(
        {
          customerId: id,
          followUpMethod: input.followUpMethod,
          contactPerson: input.contactPerson ?? null,
          followUpContent: input.followUpContent,
          customerFeedback: input.customerFeedback ?? null,
          nextFollowUpTime: next,
          nextFollowUpContent: input.nextFollowUpContent ?? null,
          followUpResult: input.followUpResult ?? null,
          attachmentUrls: input.attachmentUrls,
          createdBy: principal.userId,
        },
        t,
      );
      await this.d.customers.update(id, { lastFollowUpAt: now, nextFollowUpAt: next, updatedBy: principal.userId }, t);
      return added;
    });
    return toFollowUpDto(record, await this.d.users.displayNames([principal.userId]));
  }
}
