import { resumeHaltedOrdersJob } from '@app/server/src/jobs/resume-halted-orders.job';
import { OrderModel, OrderStatusCountModel } from '@app/server/src/db/models';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import {
  PREPAID_PAYMENT,
  acceptedQuotation,
  as,
  buildOrderWorld,
  newOrder,
  type OrderWorld,
} from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface OrderItem {
  id: number;
  productName: string;
  unitPrice: string;
  quantity: number;
  subtotal: string;
  deliveryStatus: string;
  category: string | null;
}
interface Order {
  id: number;
  orderNo: string;
  status: string;
  previousStatus: string | null;
  totalAmount: string;
  paidAmount: string;
  settlementType: string;
  customerPhone: string | null;
  isLocked: boolean;
  salesName: string | null;
  items: OrderItem[];
  snapshotData: { quote: { quoteNo: string; items: unknown[] }; customer: { name: string }; snapshotTime: string };
  deliveryProgress: { totalLines: number; deliveredShare: string };
  [key: string]: unknown;
}
interface Page {
  list: Order[];
  pagination: { page: number; pageSize: number; total: number; totalPages: number };
}

describe('orders (002 §2, §3, §9, timeline)', () => {
  let t: TestApp;
  let w: OrderWorld;
  const clock = new FakeClock(Date.parse('2026-01-16T02:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    w = await buildOrderWorld(t);
  });
  afterAll(() => t.close());

  const get = async (id: number, token = w.tokens.sales) =>
    expectSuccess<Order>(await t.http.get(`/api/orders/${id}`).set(as(token)));
  const post = (path: string, token: string, body: object = {}) => t.http.post(path).set(as(token)).send(body);
  const list = async (query: string, token = w.tokens.sales) =>
    expectSuccess<Page>(await t.http.get(`/api/orders?${query}`).set(as(token)));

  describe('create (2.1)', () => {
    it('creates a PENDING_PO order from an accepted quotation, with items, snapshot and an OD number', async () => {
      const quoteId = await acceptedQuotation(t, w, {
        items: [
          { productId: w.products.host, quantity: 2, actualPrice: 1400 },
          { productId: w.products.panel, quantity: 3, actualPrice: '33.33' },
        ],
      });
      const created = expectSuccess<Order>(
        await post('/api/orders', w.tokens.sales, {
          quoteId,
          ...PREPAID_PAYMENT,
          paymentAmount: '1000.5',
          customerPoNo: 'PO-客户-001',
        }),
        '订单创建成功',
      );
      expect(created).toMatchObject({
        quoteId,
        status: 'PENDING_PO',
        totalAmount: '2899.99',
        paidAmount: '1000.50',
        settlementType: 'PREPAID',
      });
      // The business day in China: 02:00 UTC on the 16th is 10:00 in Beijing.
      expect(created.orderNo).toMatch(/^OD20260116\d{3}$/);
      const order = await get(created.id);
      expect(order.items.map((i) => [i.productName, i.unitPrice, i.quantity, i.subtotal, i.deliveryStatus])).toEqual([
        ['智能客控主机标准版', '1400.00', 2, '2800.00', 'PENDING'],
        ['触摸开关面板', '33.33', 3, '99.99', 'PENDING'],
      ]);
      expect(order.items[0].category).toBe('ROOM_CONTROL');
      expect(order.snapshotData.customer.name).toBe('演示酒店集团');
      expect(order.snapshotData.quote.items).toHaveLength(2);
      expect(order.customerPoNo).toBe('PO-客户-001');
      expect(order.salesName).toBe('演示销售人员');
      expect(order.deliveryProgress).toMatchObject({ totalLines: 2, deliveredShare: '0.00' });
    });

    it('numbers orders of one day consecutively', async () => {
      const a = await newOrder(t, w);
      const b = await newOrder(t, w);
      expect(Number(b.orderNo.slice(-3))).toBe(Number(a.orderNo.slice(-3)) + 1);
    });

    it('refuses a quotation that is not accepted (QUOTE_NOT_WON) or unknown (QUOTE_NOT_FOUND)', async () => {
      const draft = await t.http
        .post('/api/quotations')
        .set(as(w.tokens.sales))
        .send({
          quotationTitle: '草稿',
          customerId: w.customerId,
          validFrom: '2026-01-16',
          validUntil: '2026-02-16',
          items: [{ productId: w.products.host, quantity: 1, actualPrice: 1 }],
        });
      const res = await post('/api/orders', w.tokens.sales, {
        quoteId: draft.body.data.quotationId,
        ...PREPAID_PAYMENT,
      });
      expect(expectFailure(res, 400, 'QUOTE_NOT_WON').message).toContain('draft');
      expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId: 999999, ...PREPAID_PAYMENT }),
        404,
        'QUOTE_NOT_FOUND',
      );
    });

    it('hides another salesperson’s quotation (QUOTE_NOT_FOUND)', async () => {
      const foreign = await acceptedQuotation(
        t,
        w,
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
        w.tokens.manager,
      );
      expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId: foreign, ...PREPAID_PAYMENT }),
        404,
        'QUOTE_NOT_FOUND',
      );
    });

    it('makes one order per quotation (ORDER_ALREADY_EXISTS), also for 20 parallel creates', async () => {
      const quoteId = await acceptedQuotation(t, w);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => post('/api/orders', w.tokens.sales, { quoteId, ...PREPAID_PAYMENT })),
      );
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of answers.filter((x) => x.status !== 200)) expectFailure(r, 400, 'ORDER_ALREADY_EXISTS');
      expect(await OrderModel.count({ where: { quoteId } })).toBe(1);
    });

    it('requires amount and proof from cash-settled customers', async () => {
      const quoteId = await acceptedQuotation(t, w);
      const { paymentProofImg: _p, ...noProof } = PREPAID_PAYMENT;
      const missingProof = expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId, ...noProof }),
        400,
        'PAYMENT_PROOF_REQUIRED',
      );
      expect(missingProof.error.details).toEqual([{ field: 'paymentProofImg', message: '现结客户必填' }]);
      expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId, paymentProofImg: PREPAID_PAYMENT.paymentProofImg }),
        400,
        'PAYMENT_AMOUNT_INVALID',
      );
      expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId, ...PREPAID_PAYMENT, paymentAmount: 0 }),
        400,
        'PAYMENT_AMOUNT_INVALID',
      );
      // More than the order is worth (100 × 1400 = 140,000).
      expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId, ...PREPAID_PAYMENT, paymentAmount: '140000.01' }),
        400,
        'PAYMENT_AMOUNT_INVALID',
      );
      expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId, ...PREPAID_PAYMENT, paymentAmount: -1 }),
        400,
        'VALIDATION_ERROR',
      );
      // Nothing was half-written: the quotation can still become an order.
      expectSuccess(
        await post('/api/orders', w.tokens.sales, { quoteId, ...PREPAID_PAYMENT, paymentAmount: '140000.00' }),
      );
    });

    it('requires a confirmation image from monthly-settled customers, not a payment', async () => {
      const update = await t.http
        .put(`/api/customers/${w.otherCustomerId}`)
        .set(as(w.tokens.manager))
        .send({ settlementType: 'MONTHLY' });
      expectSuccess(update);
      const quoteId = await acceptedQuotation(
        t,
        w,
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
        w.tokens.manager,
      );
      const refused = expectFailure(
        await post('/api/orders', w.tokens.manager, { quoteId }),
        400,
        'PAYMENT_PROOF_REQUIRED',
      );
      expect(refused.message).toContain('月结');
      const created = expectSuccess<Order>(
        await post('/api/orders', w.tokens.manager, { quoteId, confirmationImg: '/files/confirm.jpg' }),
      );
      expect(created).toMatchObject({ settlementType: 'MONTHLY', paidAmount: '0.00' });
    });

    it('starts at PENDING_CONFIRMATION when drawings need confirming, then confirm-drawing moves it to PENDING_PO', async () => {
      const order = await newOrder(t, w, { order: { requiresDrawingConfirmation: true } });
      expect(order.status).toBe('PENDING_CONFIRMATION');
      const confirmed = expectSuccess<Order>(await post(`/api/orders/${order.id}/confirm-drawing`, w.tokens.sales));
      expect(confirmed).toMatchObject({ status: 'PENDING_PO' });
      expectFailure(await post(`/api/orders/${order.id}/confirm-drawing`, w.tokens.sales), 400, 'ORDER_INVALID_STATUS');
    });

    it('replays the first answer for a repeated Idempotency-Key and refuses the key with another body', async () => {
      const quoteId = await acceptedQuotation(t, w);
      const body = { quoteId, ...PREPAID_PAYMENT };
      const first = await post('/api/orders', w.tokens.sales, body).set('Idempotency-Key', 'create-once-1');
      const again = await post('/api/orders', w.tokens.sales, body).set('Idempotency-Key', 'create-once-1');
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.data).toEqual(first.body.data);
      expectFailure(
        await post('/api/orders', w.tokens.sales, { ...body, remark: '不同' }).set('Idempotency-Key', 'create-once-1'),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      // Another user's key space is separate: the same key creates nothing for them (the order exists).
      expectFailure(
        await post('/api/orders', w.tokens.admin, body).set('Idempotency-Key', 'create-once-1'),
        400,
        'ORDER_ALREADY_EXISTS',
      );
    });

    it('validates input with field errors', async () => {
      const res = expectFailure(
        await post('/api/orders', w.tokens.sales, { quoteId: 'x', paymentMethod: 'GOLD' }),
        400,
        'VALIDATION_ERROR',
      );
      expect(JSON.stringify(res.error.details)).toContain('paymentMethod');
    });
  });

  describe('list (2.2) and detail (2.3)', () => {
    it('filters by several statuses, keyword over order number and customer name, dates and customer', async () => {
      const a = await newOrder(t, w);
      const b = await newOrder(t, w);
      await t.container.db.transaction((tx) =>
        t.container.orders.repository.transition(
          { id: b.id, status: 'PENDING_PO', salesId: 1 },
          'PENDING_PRODUCTION',
          {},
          tx,
        ),
      );
      const both = await list('status=PENDING_PO,PENDING_PRODUCTION&pageSize=100');
      expect(both.list.map((o) => o.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      const repeated = await list('status=PENDING_PRODUCTION&status=COMPLETED&pageSize=100');
      expect(repeated.list.map((o) => o.id)).toContain(b.id);
      expect(repeated.list.map((o) => o.id)).not.toContain(a.id);
      expect(repeated.list.every((o) => o.status === 'PENDING_PRODUCTION')).toBe(true);
      const byNo = await list(`keyword=${a.orderNo}`);
      expect(byNo.list.map((o) => o.id)).toEqual([a.id]);
      expect(byNo.pagination).toEqual({ page: 1, pageSize: 10, total: 1, totalPages: 1 });
      const byName = await list(`keyword=${encodeURIComponent('演示酒店')}&pageSize=5`);
      expect(byName.list.length).toBe(5);
      expect(byName.list[0].customerPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect((await list('keyword=%25')).pagination.total).toBe(0);
      expect((await list('startDate=2026-01-17')).pagination.total).toBe(0);
      expect((await list('startDate=2026-01-16&endDate=2026-01-16')).pagination.total).toBeGreaterThan(0);
      expect((await list(`customerId=${w.otherCustomerId}`)).pagination.total).toBe(0);
      expectFailure(await t.http.get('/api/orders?status=NOPE').set(as(w.tokens.sales)), 400, 'VALIDATION_ERROR');
      for (const bad of ['2026-13-45', '2026-02-30']) {
        expectFailure(
          await t.http.get(`/api/orders?startDate=${bad}`).set(as(w.tokens.sales)),
          400,
          'VALIDATION_ERROR',
        );
      }
    });

    it('keeps the list total exact, from the per-status counters, across status changes', async () => {
      const counted = async (query: string) => (await list(`${query}&pageSize=1`, w.tokens.admin)).pagination.total;
      const before = await counted('status=HALTED');
      const order = await newOrder(t, w);
      expectSuccess(
        await post(`/api/orders/${order.id}/halt`, w.tokens.storeManager, { haltedReason: '盘点', haltType: 'FULL' }),
      );
      expect(await counted('status=HALTED')).toBe(before + 1);
      // The same figure a COUNT gives (a date filter forces the real count).
      expect(await counted('status=HALTED&startDate=2000-01-01')).toBe(before + 1);
      const rows = await OrderStatusCountModel.findAll({ raw: true });
      const total = (await list('pageSize=1&startDate=2000-01-01', w.tokens.admin)).pagination.total;
      expect(rows.reduce((s, r) => s + Number(r.count), 0)).toBe(total);
      expect(rows.every((r) => Number(r.count) >= 0)).toBe(true);
    });

    it('shows sales only their own orders; others with data.all see every order', async () => {
      const foreignQuote = await acceptedQuotation(
        t,
        w,
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
        w.tokens.manager,
      );
      const foreign = expectSuccess<Order>(
        await post('/api/orders', w.tokens.manager, { quoteId: foreignQuote, confirmationImg: '/files/c.jpg' }),
      );
      expectFailure(await t.http.get(`/api/orders/${foreign.id}`).set(as(w.tokens.sales)), 404, 'ORDER_NOT_FOUND');
      const salesList = await list('pageSize=100');
      expect(salesList.list.every((o) => o.salesName === '演示销售人员')).toBe(true);
      expect((await get(foreign.id, w.tokens.customerService)).id).toBe(foreign.id);
      expect((await get(foreign.id, w.tokens.finance)).id).toBe(foreign.id);
      expect((await list(`salesId=${w.managerUserId}&pageSize=1`)).pagination.total).toBe(0);
    });

    it('answers 404 for an unknown order and 403 for a role without orders.read', async () => {
      expectFailure(await t.http.get('/api/orders/999999').set(as(w.tokens.sales)), 404, 'ORDER_NOT_FOUND');
      expectFailure(await t.http.get('/api/orders').set(as(w.tokens.media)), 403, 'FORBIDDEN');
    });
  });

  describe('update (2.4)', () => {
    it('changes address, remark and customer PO number only', async () => {
      const order = await newOrder(t, w);
      const res = expectSuccess<Order>(
        await t.http
          .put(`/api/orders/${order.id}`)
          .set(as(w.tokens.sales))
          .send({ deliveryAddress: '北京市朝阳区新地址', remark: '更新备注' }),
        '更新成功',
      );
      expect(res).toMatchObject({ id: order.id, deliveryAddress: '北京市朝阳区新地址', remark: '更新备注' });
      const refused = await t.http.put(`/api/orders/${order.id}`).set(as(w.tokens.sales)).send({ totalAmount: 1 });
      expectFailure(refused, 400, 'VALIDATION_ERROR');
      expect((await get(order.id)).totalAmount).toBe('140000.00');
      expectFailure(
        await t.http.put(`/api/orders/${order.id}`).set(as(w.tokens.customerService)).send({ remark: 'x' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('lock and unlock (§3)', () => {
    it('locks with a reason, refuses changes with ORDER_LOCKED, and only unlock permission unlocks', async () => {
      const order = await newOrder(t, w);
      expectFailure(await post(`/api/orders/${order.id}/lock`, w.tokens.sales, { reason: 'x' }), 403, 'FORBIDDEN');
      expectFailure(await post(`/api/orders/${order.id}/lock`, w.tokens.storeManager, {}), 400, 'VALIDATION_ERROR');
      const locked = expectSuccess<{ isLocked: boolean; lockedBy: number }>(
        await post(`/api/orders/${order.id}/lock`, w.tokens.storeManager, { reason: '防止误操作' }),
      );
      expect(locked.isLocked).toBe(true);
      expectFailure(
        await post(`/api/orders/${order.id}/lock`, w.tokens.storeManager, { reason: '再锁' }),
        400,
        'ORDER_LOCKED',
      );
      const update = await t.http.put(`/api/orders/${order.id}`).set(as(w.tokens.sales)).send({ remark: '改' });
      expect(expectFailure(update, 400, 'ORDER_LOCKED').message).toContain('防止误操作');
      expectFailure(
        await post(`/api/orders/${order.id}/halt`, w.tokens.storeManager, { haltedReason: 'x', haltType: 'FULL' }),
        400,
        'ORDER_LOCKED',
      );
      expect((await get(order.id)).isLocked).toBe(true);
      expectFailure(
        await post(`/api/orders/${order.id}/unlock`, w.tokens.customerService, { reason: 'x' }),
        403,
        'FORBIDDEN',
      );
      const unlocked = expectSuccess<{ isLocked: boolean; unlockedBy: number }>(
        await post(`/api/orders/${order.id}/unlock`, w.tokens.storeManager, { reason: '需要修改订单明细' }),
      );
      expect(unlocked.isLocked).toBe(false);
      expectFailure(
        await post(`/api/orders/${order.id}/unlock`, w.tokens.storeManager, { reason: 'x' }),
        400,
        'ORDER_INVALID_STATUS',
      );
      expectSuccess(await t.http.put(`/api/orders/${order.id}`).set(as(w.tokens.sales)).send({ remark: '改' }));
      const logs = await t.http.get('/api/logs?moduleName=orders&pageSize=100').set(as(w.tokens.admin));
      const actions = (logs.body.data.list as { actionType: string; targetId: string }[])
        .filter((l) => l.targetId === String(order.id))
        .map((l) => l.actionType);
      expect(actions).toEqual(expect.arrayContaining(['lock', 'unlock']));
    });

    it('reads every kind of column back exactly in the detail (times, flags, money, ids)', async () => {
      const order = await newOrder(t, w);
      expectSuccess(await post(`/api/orders/${order.id}/lock`, w.tokens.storeManager, { reason: '核对' }));
      const detail = await get(order.id);
      expect(detail).toMatchObject({
        id: order.id,
        isLocked: true,
        lockReason: '核对',
        lockedAt: clock.now().toISOString(),
        paymentAmount: '3000.00',
        paymentMethod: 'WECHAT',
        paymentTime: '2026-01-16T10:00:00.000Z',
        settlementType: 'PREPAID',
        previousStatus: null,
        shippingFee: null,
      });
      expect(typeof detail.lockedBy).toBe('number');
      expect(typeof detail.customerId).toBe('number');
      expect(detail.items.every((i) => typeof i.id === 'number' && typeof i.quantity === 'number')).toBe(true);
      expect(detail.items.map((i) => i.unitPrice).every((p) => /^\d+\.\d{2}$/.test(p))).toBe(true);
      expect(detail.createdAt).toBe(clock.now().toISOString());
      expectSuccess(await post(`/api/orders/${order.id}/unlock`, w.tokens.storeManager, { reason: '核对完毕' }));
      expect((await get(order.id)).isLocked).toBe(false);
    });
  });

  describe('halt and resume (§9)', () => {
    it('keeps the previous status, restores it, and logs both with reasons', async () => {
      const order = await newOrder(t, w);
      expectFailure(
        await post(`/api/orders/${order.id}/halt`, w.tokens.sales, { haltedReason: 'x', haltType: 'FULL' }),
        403,
        'FORBIDDEN',
      );
      const halted = expectSuccess<Order & { haltUntil: string }>(
        await post(`/api/orders/${order.id}/halt`, w.tokens.storeManager, {
          haltedReason: '客户要求暂停',
          haltType: 'FULL',
        }),
      );
      expect(halted).toMatchObject({ previousStatus: 'PENDING_PO', status: 'HALTED', haltedReason: '客户要求暂停' });
      expect(Date.parse(halted.haltUntil) - clock.now().getTime()).toBe(48 * 3_600_000);
      expectFailure(
        await post(`/api/orders/${order.id}/halt`, w.tokens.storeManager, { haltedReason: 'x', haltType: 'FULL' }),
        400,
        'ORDER_INVALID_STATUS',
      );
      const resumed = expectSuccess<Order>(
        await post(`/api/orders/${order.id}/resume`, w.tokens.storeManager, { resumeReason: '客户确认恢复' }),
      );
      expect(resumed).toMatchObject({ status: 'PENDING_PO', haltedReason: null, haltedAt: null });
      const detail = await get(order.id);
      expect(detail).toMatchObject({ status: 'PENDING_PO', previousStatus: null, haltUntil: null });
      expectFailure(
        await post(`/api/orders/${order.id}/resume`, w.tokens.storeManager, { resumeReason: 'x' }),
        400,
        'ORDER_INVALID_STATUS',
      );
    });

    it('refuses a halt longer than 7 days and resumes by itself when the halt runs out (the job, idempotent)', async () => {
      const order = await newOrder(t, w);
      expectFailure(
        await post(`/api/orders/${order.id}/halt`, w.tokens.storeManager, {
          haltedReason: 'x',
          haltType: 'FULL',
          haltHours: 169,
        }),
        400,
        'VALIDATION_ERROR',
      );
      expectSuccess(
        await post(`/api/orders/${order.id}/halt`, w.tokens.storeManager, {
          haltedReason: '等待',
          haltType: 'PARTIAL',
          haltHours: 2,
        }),
      );
      const job = resumeHaltedOrdersJob(t.container.orders.control);
      await job.run();
      expect((await get(order.id)).status).toBe('HALTED');
      clock.advance(2 * 3_600_000);
      await job.run();
      expect((await get(order.id)).status).toBe('PENDING_PO');
      expect(await job.run()).toBeUndefined();
      const timeline = expectSuccess<
        { type: string; note: string; actorId: number | null; data: { automatic?: boolean } }[]
      >(await t.http.get(`/api/orders/${order.id}/timeline`).set(as(w.tokens.sales)));
      const resumed = timeline.filter((e) => e.type === 'resumed');
      expect(resumed).toHaveLength(1);
      expect(resumed[0]).toMatchObject({ actorId: null, note: '叫停到期，自动恢复', data: { automatic: true } });
    });
  });

  describe('status machine', () => {
    it('refuses every step the table does not allow with ORDER_INVALID_STATUS', async () => {
      const order = await newOrder(t, w);
      expectFailure(await post(`/api/orders/${order.id}/complete`, w.tokens.storeManager), 400, 'ORDER_INVALID_STATUS');
      expectFailure(
        await post(`/api/orders/${order.id}/confirm-drawing`, w.tokens.storeManager),
        400,
        'ORDER_INVALID_STATUS',
      );
    });
  });

  describe('timeline', () => {
    it('lists every change with who, when and a note, oldest first', async () => {
      const order = await newOrder(t, w);
      await post(`/api/orders/${order.id}/lock`, w.tokens.storeManager, { reason: '核对' });
      await post(`/api/orders/${order.id}/unlock`, w.tokens.storeManager, { reason: '核对完成' });
      await t.http.put(`/api/orders/${order.id}`).set(as(w.tokens.sales)).send({ remark: '备注' });
      const events = expectSuccess<
        { type: string; actorName: string | null; note: string | null; createdAt: string }[]
      >(await t.http.get(`/api/orders/${order.id}/timeline`).set(as(w.tokens.sales)));
      expect(events.map((e) => [e.type, e.actorName, e.note])).toEqual([
        ['created', '演示销售人员', expect.stringContaining('QUOT-')],
        ['locked', '演示店长', '核对'],
        ['unlocked', '演示店长', '核对完成'],
        ['updated', '演示销售人员', null],
      ]);
      expect(Number.isNaN(Date.parse(events[0].createdAt))).toBe(false);
    });
  });
});
