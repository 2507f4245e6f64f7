import type { Transaction } from 'sequelize';
import type { Database } from '@app/server/src/db/database';
import { AppError } from '@app/server/src/http/app-error';
import type { DataScope } from '@app/server/src/modules/access/principal';
import type { FactoriesRepository } from '@app/server/src/modules/factories/factories.repository';
import type { OrderEventWrite } from '@app/server/src/modules/orders/order-events.repository';
import { JiedanDecisionService, OTHER_FACTORY_CHOSEN } from '@app/server/src/modules/jiedan/jiedan-decision.service';
import type { JiedanDeps } from '@app/server/src/modules/jiedan/jiedan-deps';
import type { JiedanOrdersRepository } from '@app/server/src/modules/jiedan/jiedan-orders.repository';
import type { BidOrderFacts, JiedanRecord } from '@app/server/src/modules/jiedan/jiedan-records';
import {
  AcceptedBidExistsError,
  type JiedanRepository,
  type Stamp,
} from '@app/server/src/modules/jiedan/jiedan.repository';
import { FakeClock } from '../fakes/fake-clock';
import { staffPrincipal, wechatPrincipal } from '../fakes/principals';

const NOW = Date.parse('2026-01-16T02:00:00.000Z');
const T = {} as Transaction;

/** In-memory bids with the repository's conditional-update semantics. */
class FakeBids {
  rows = new Map<number, JiedanRecord>();
  acceptRefusal: Error | null = null;

  add(id: number, orderId: number, factoryId: number, status: JiedanRecord['status'] = 'pending'): void {
    const at = new Date(NOW - 60_000);
    this.rows.set(id, {
      id,
      orderId,
      factoryId,
      status,
      price: '100.00',
      jiedanTime: at,
      agreeTime: null,
      agreeUserId: null,
      rejectReason: null,
      rejectedAt: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  async findById(id: number): Promise<JiedanRecord | null> {
    return this.rows.get(id) ?? null;
  }
  async accept(bid: { id: number }, s: Stamp): Promise<boolean> {
    if (this.acceptRefusal) throw this.acceptRefusal;
    const row = this.rows.get(bid.id);
    if (row?.status !== 'pending') return false;
    this.rows.set(bid.id, { ...row, status: 'accepted', agreeTime: s.now, agreeUserId: s.by, updatedAt: s.now });
    return true;
  }
  async otherPendingIds(orderId: number, exceptId: number): Promise<number[]> {
    return [...this.rows.values()]
      .filter((r) => r.orderId === orderId && r.id !== exceptId && r.status === 'pending')
      .map((r) => r.id);
  }
  async reject(ids: number[], reason: string | null, s: Stamp): Promise<number[]> {
    const changed = ids.filter((id) => this.rows.get(id)?.status === 'pending');
    for (const id of changed) {
      const row = this.rows.get(id) as JiedanRecord;
      this.rows.set(id, { ...row, status: 'rejected', rejectReason: reason, rejectedAt: s.now, updatedAt: s.now });
    }
    return changed;
  }
}

function setup(order: Partial<BidOrderFacts> = {}, visible = true) {
  const bids = new FakeBids();
  const events: OrderEventWrite[] = [];
  let transactions = 0;
  const facts: BidOrderFacts = {
    id: 5,
    orderNo: 'OD20260116001',
    status: 'PENDING_PO',
    isLocked: false,
    split: false,
    acceptedBidId: null,
    ...order,
  };
  const locks: { scope: DataScope | null; lock: string }[] = [];
  const deps: JiedanDeps = {
    db: {
      transaction: async <R>(fn: (t: Transaction) => Promise<R>) => {
        transactions += 1;
        return fn(T);
      },
    } as unknown as Database,
    clock: new FakeClock(NOW),
    bids: bids as unknown as JiedanRepository,
    orders: {
      visible: async () => visible,
      facts: async (_id: number, scope: DataScope | null, lock: string) => {
        locks.push({ scope, lock });
        return visible ? facts : null;
      },
    } as unknown as JiedanOrdersRepository,
    factories: {
      findById: async () => null,
      namesOf: async () => new Map(),
    } as unknown as Pick<FactoriesRepository, 'findById' | 'namesOf'>,
    timeline: { record: async (e: OrderEventWrite) => void events.push(e) },
  };
  return { service: new JiedanDecisionService(deps), bids, events, locks, transactions: () => transactions };
}

const approver = staffPrincipal({ userId: 42, permissions: new Set(['jiedan.read', 'jiedan.approve', 'data.all']) });

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe(JiedanDecisionService.name, () => {
  it('accepts a pending bid and rejects the order’s other pending bids, under the order lock, with a timeline event', async () => {
    const { service, bids, events, locks, transactions } = setup();
    bids.add(1, 5, 10);
    bids.add(2, 5, 11);
    bids.add(3, 5, 12, 'rejected');
    bids.add(4, 6, 13);
    const dto = await service.accept(approver, 1);
    expect(dto).toMatchObject({
      id: 1,
      status: 'accepted',
      agree_user_id: '42',
      agree_time: '2026-01-16T02:00:00.000Z',
    });
    expect(bids.rows.get(2)).toMatchObject({ status: 'rejected', rejectReason: OTHER_FACTORY_CHOSEN });
    expect(bids.rows.get(3)?.rejectReason).toBeNull();
    expect(bids.rows.get(4)?.status).toBe('pending');
    expect(transactions()).toBe(1);
    expect(locks).toEqual([{ scope: { kind: 'all' }, lock: 'update' }]);
    expect(events).toEqual([
      expect.objectContaining({
        orderId: 5,
        eventType: 'bid_accepted',
        actorId: 42,
        data: { jiedanId: 1, factoryId: 10, price: '100.00', rejectedJiedanIds: [2] },
      }),
    ]);
  });

  it('refuses to accept on an order that no longer takes bids (422) and changes nothing', async () => {
    for (const order of [{ split: true }, { isLocked: true }, { status: 'CANCELLED' }, { acceptedBidId: 99 }]) {
      const { service, bids, events } = setup(order);
      bids.add(1, 5, 10);
      bids.add(2, 5, 11);
      expect((await failure(service.accept(approver, 1))).code).toBe('ORDER_NOT_OPEN_FOR_BIDS');
      expect([...bids.rows.values()].map((r) => r.status)).toEqual(['pending', 'pending']);
      expect(events).toEqual([]);
    }
  });

  it('answers 422 when the unique key refuses a second accepted bid', async () => {
    const { service, bids } = setup();
    bids.add(1, 5, 10);
    bids.acceptRefusal = new AcceptedBidExistsError();
    expect((await failure(service.accept(approver, 1))).code).toBe('ORDER_NOT_OPEN_FOR_BIDS');
  });

  it('decides only pending bids (422) and only visible ones (404)', async () => {
    const { service, bids } = setup();
    bids.add(1, 5, 10, 'accepted');
    bids.add(2, 5, 11, 'rejected');
    expect((await failure(service.reject(approver, 1, null))).code).toBe('JIEDAN_NOT_PENDING');
    expect((await failure(service.accept(approver, 2))).code).toBe('JIEDAN_NOT_PENDING');
    expect((await failure(service.accept(approver, 3))).code).toBe('JIEDAN_NOT_FOUND');
    const hidden = setup({}, false);
    hidden.bids.add(1, 5, 10);
    expect((await failure(hidden.service.accept(approver, 1))).code).toBe('JIEDAN_NOT_FOUND');
  });

  it('rejects with the reason and records it', async () => {
    const { service, bids, events } = setup();
    bids.add(1, 5, 10);
    expect(await service.reject(approver, 1, '报价过高')).toMatchObject({
      status: 'rejected',
      reject_reason: '报价过高',
    });
    expect(events[0]).toMatchObject({ eventType: 'bid_rejected', data: { jiedanId: 1, reason: '报价过高' } });
  });

  it('lets only staff with jiedan.approve decide (403), before looking at the bid', async () => {
    const { service, bids, locks } = setup();
    bids.add(1, 5, 10);
    const factory = wechatPrincipal({
      factoryId: 10,
      permissions: new Set(['jiedan.read', 'jiedan.create', 'jiedan.approve']),
    });
    const sales = staffPrincipal({ permissions: new Set(['jiedan.read']) });
    for (const p of [factory, sales]) expect((await failure(service.accept(p, 1))).code).toBe('FORBIDDEN');
    expect((await failure(service.accept(sales, 999))).code).toBe('FORBIDDEN');
    expect(locks).toEqual([]);
    expect(bids.rows.get(1)?.status).toBe('pending');
  });
});
