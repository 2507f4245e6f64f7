import type { Transaction } from 'sequelize';
import type { Database } from '@app/server/src/db/database';
import type { CustomerActivityRepository } from '@app/server/src/modules/customers/customer-activity.repository';
import { CustomerPipelineService } from '@app/server/src/modules/customers/customer-pipeline.service';
import { NO_DEALS, type CrmDeps } from '@app/server/src/modules/customers/crm-deps';
import type { CustomerRecord, CustomersRepository } from '@app/server/src/modules/customers/customers.repository';
import type { CustomersService } from '@app/server/src/modules/customers/customers.service';
import { LeadStatisticsService } from '@app/server/src/modules/customers/lead-statistics.service';
import type { UsersRepository } from '@app/server/src/modules/users/users.repository';
import { FakeClock } from '../fakes/fake-clock';
import { staffPrincipal } from '../fakes/principals';
import { appErrorOf } from './support/app-error';

const NOW = Date.parse('2026-03-01T08:00:00.000Z');

function record(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id: 5,
    customerCode: 'CUST-2026-005',
    customerName: '单元测试酒店',
    ownerId: 7,
    customerType: null,
    customerLevel: null,
    customerStage: 'lead',
    industry: null,
    province: null,
    city: null,
    address: null,
    contactPhone: null,
    hotelRooms: null,
    hotelStar: null,
    source: null,
    description: null,
    settlementType: 'PREPAID',
    stageUpdatedAt: null,
    convertedAt: null,
    poolEnteredAt: null,
    lostReasonCode: null,
    lostReason: null,
    lastFollowUpAt: null,
    nextFollowUpAt: null,
    createdBy: 7,
    updatedBy: 7,
    createdAt: new Date(NOW),
    updatedAt: new Date(NOW),
    ...overrides,
  };
}

/** CrmDeps over in-memory fakes: one customer row, a log of updates and events. */
function fakeDeps(row: CustomerRecord | null, updateWins = true) {
  const updates: object[] = [];
  const events: object[] = [];
  const customers = {
    find: jest.fn(async () => row),
    update: jest.fn(async (_id: number, patch: object) => {
      updates.push(patch);
      return updateWins;
    }),
    cohortStats: jest.fn(),
  };
  const deps = {
    db: { transaction: <T>(fn: (t: Transaction) => Promise<T>) => fn({} as Transaction) } as unknown as Database,
    customers: customers as unknown as CustomersRepository,
    contacts: {} as CrmDeps['contacts'],
    activity: {
      addEvent: jest.fn(async (e: object) => {
        events.push(e);
      }),
      poolReasonCounts: jest.fn(async () => ({ no_budget: 2 })),
    } as unknown as CustomerActivityRepository,
    users: {
      findById: jest.fn(async () => null),
      displayNames: jest.fn(async () => new Map()),
    } as unknown as UsersRepository,
    sequences: {} as CrmDeps['sequences'],
    clock: new FakeClock(NOW),
    deals: NO_DEALS,
  } satisfies CrmDeps;
  const service = { get: jest.fn(async () => ({})) } as unknown as CustomersService;
  return { deps, customers, updates, events, pipeline: new CustomerPipelineService(deps, service) };
}

const sales = staffPrincipal({ userId: 7, permissions: new Set(['leads.update', 'customers.update']) });

describe(CustomerPipelineService.name, () => {
  it('records stage before and after, and marks the first move to client as converted', async () => {
    const { pipeline, updates, events } = fakeDeps(record({ customerStage: 'negotiation' }));
    const res = await pipeline.changeStage(sales, 5, { targetStage: 'client', stageDesc: '签约' });
    expect(res).toMatchObject({
      stageBefore: 'negotiation',
      stageAfter: 'client',
      stageUpdatedAt: new Date(NOW).toISOString(),
    });
    expect(updates[0]).toMatchObject({ customerStage: 'client', convertedAt: new Date(NOW) });
    expect(events[0]).toMatchObject({
      eventType: 'stage',
      fromValue: 'negotiation',
      toValue: 'client',
      reason: '签约',
    });
  });

  it('refuses to touch a pool lead until a salesperson claims it', async () => {
    const { pipeline, updates } = fakeDeps(record({ ownerId: null }));
    const err = await appErrorOf(pipeline.changeStage(sales, 5, { targetStage: 'prospect' }));
    expect(err.code).toBe('LEAD_IN_POOL');
    expect(updates).toEqual([]);
  });

  it('converts only forward', async () => {
    const { pipeline } = fakeDeps(record({ customerStage: 'prospect' }));
    expect((await appErrorOf(pipeline.convert(sales, 5, { targetStage: 'initial_contact' }))).code).toBe(
      'STAGE_NOT_FORWARD',
    );
  });

  it('loses a claim race cleanly when the conditional update finds the lead taken', async () => {
    const { pipeline, events } = fakeDeps(record({ ownerId: null }), false);
    expect((await appErrorOf(pipeline.claim(sales, 5))).code).toBe('LEAD_NOT_IN_POOL');
    expect(events).toEqual([]);
  });

  it('returns a lead to the pool with its coded reason and records who had it', async () => {
    const { pipeline, updates, events } = fakeDeps(record());
    await pipeline.abandon(sales, 5, { abandonReason: '暂无预算', lostReasonCode: 'no_budget' });
    expect(updates[0]).toMatchObject({ ownerId: null, lostReasonCode: 'no_budget', lostReason: '暂无预算' });
    expect(events[0]).toMatchObject({ eventType: 'pool', fromValue: '7', reasonCode: 'no_budget' });
  });

  it('refuses a follow-up whose next time is not in the future', async () => {
    const { pipeline } = fakeDeps(record());
    const err = await appErrorOf(
      pipeline.addFollowUp(sales, 5, {
        followUpMethod: 'phone',
        followUpContent: '回访',
        nextFollowUpTime: new Date(NOW).toISOString(),
        attachmentUrls: [],
      }),
    );
    expect(err.code).toBe('VALIDATION_ERROR');
  });
});

describe(LeadStatisticsService.name, () => {
  it('computes the conversion rate over the cohort with two decimals and zero-fills stages', async () => {
    const { deps, customers } = fakeDeps(null);
    customers.cohortStats.mockResolvedValue({
      byStage: new Map([
        ['lead', 2],
        ['prospect', 1],
      ]),
      bySource: new Map<string | null, number>([
        ['website', 2],
        [null, 1],
      ]),
      created: 3,
      converted: 1,
    });
    const stats = await new LeadStatisticsService(deps).statistics(
      staffPrincipal({ permissions: new Set(['data.all']) }),
      {},
    );
    expect(stats).toEqual({
      totalLeads: 3,
      byStage: { lead: 2, initial_contact: 0, prospect: 1, negotiation: 0 },
      bySource: { website: 2, unknown: 1 },
      createdCount: 3,
      convertedCount: 1,
      conversionRate: 33.33,
      lostReasons: { leads: { no_budget: 2 }, quotations: {} },
    });
  });
});
