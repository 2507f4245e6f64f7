import { expectFailure, expectSuccess } from '../helpers/envelope';
import {
  factoryUser,
  newFactoryWithUser,
  placeBid,
  type FactoryUser,
  type JiedanDto,
  type JiedanListItemDto,
} from '../helpers/jiedan-fixtures';
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

interface Page {
  total: number;
  page: number;
  page_size: number;
  jiedans: JiedanListItemDto[];
}
interface PlannedPo {
  supplierId: number;
  matchedBy: string;
  items: { itemId: number; quantity: number }[];
}
interface TimelineEvent {
  type: string;
  data: Record<string, unknown> | null;
  actorId: number | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('jiedan: factories bid on orders, staff decide (001)', () => {
  let t: TestApp;
  let w: OrderWorld;
  let a: FactoryUser & { name: string };
  let b: FactoryUser & { name: string };
  let c: FactoryUser & { name: string };
  let customerUser: string;
  const staffIds: Record<string, number> = {};

  const get = (path: string, token: string) => t.http.get(path).set(as(token));
  const post = (path: string, token: string, body: object = {}) => t.http.post(path).set(as(token)).send(body);
  const put = (path: string, token: string, body: object) => t.http.put(path).set(as(token)).send(body);
  const del = (path: string, token: string) => t.http.delete(path).set(as(token));
  const openOrder = async () => (await newOrder(t, w)).id;
  const bid = async (f: FactoryUser, orderId: number, price: number | string = 1500.5) =>
    expectSuccess<JiedanDto>(await placeBid(t, f.token, { order_id: orderId, factory_id: f.factoryId, price }));
  const timeline = async (orderId: number) =>
    expectSuccess<TimelineEvent[]>(await get(`/api/orders/${orderId}/timeline`, w.tokens.sales));
  const liveRows = async (orderId: number, factoryId: number) => {
    const [rows] = await t.container.db.sequelize.query(
      `SELECT COUNT(*) AS n FROM jiedan WHERE order_id = ${orderId} AND factory_id = ${factoryId} AND deleted_at IS NULL`,
    );
    return Number((rows as { n: number | string }[])[0].n);
  };
  /** An order of a customer owned by the sales manager: outside the `sales` user's scope. */
  async function foreignOrder(): Promise<number> {
    const quoteId = await acceptedQuotation(
      t,
      w,
      { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
      w.tokens.manager,
    );
    return expectSuccess<{ id: number }>(await post('/api/orders', w.tokens.manager, { quoteId, ...PREPAID_PAYMENT }))
      .id;
  }

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
    await seedDemo(t);
    w = await buildOrderWorld(t);
    a = { ...(await factoryUser(t, 'jd-factory-a', 'DEMO-FACTORY')), name: '演示智能设备工厂' };
    b = await newFactoryWithUser(t, w.tokens.purchaser, '乙工厂', 'jd-factory-b');
    c = await newFactoryWithUser(t, w.tokens.purchaser, '丙工厂', 'jd-factory-c');
    const login = await t.http.post('/api/auth/wx-login').set('x-forwarded-for', '10.66.200.1').send({
      code: 'mock:jd-customer',
    });
    customerUser = login.body.data.token;
    await t.http
      .post('/api/auth/bind-company')
      .set(as(customerUser))
      .set('x-forwarded-for', '10.66.200.2')
      .send({ inviteCode: 'DEMO-HOTEL' });
    for (const [name, token] of Object.entries({ storeManager: w.tokens.storeManager, purchaser: w.tokens.purchaser }))
      staffIds[name] = expectSuccess<{ id: number }>(await get('/api/auth/profile', token)).id;
  }, 60_000);
  afterAll(() => t.close());

  describe('create (§1)', () => {
    it('creates a pending bid with 001’s fields and writes bid_placed to the order timeline', async () => {
      const orderId = await openOrder();
      const before = Date.now();
      const res = await placeBid(t, a.token, { order_id: orderId, factory_id: String(a.factoryId), price: 1500.5 });
      const created = expectSuccess<JiedanDto>(res);
      expect(Object.keys(created).sort()).toEqual(
        [
          'id',
          'order_id',
          'factory_id',
          'status',
          'price',
          'jiedan_time',
          'agree_time',
          'agree_user_id',
          'reject_reason',
          'reject_time',
          'created_at',
          'updated_at',
        ].sort(),
      );
      expect(created).toMatchObject({
        id: expect.any(Number),
        order_id: orderId,
        factory_id: String(a.factoryId),
        status: 'pending',
        price: 1500.5,
        agree_time: null,
        agree_user_id: null,
        reject_reason: null,
      });
      for (const field of ['jiedan_time', 'created_at', 'updated_at'] as const) {
        expect(created[field]).toMatch(ISO);
        expect(Date.parse(created[field])).toBeGreaterThanOrEqual(before - 1000);
      }
      const events = await timeline(orderId);
      expect(events.find((e) => e.type === 'bid_placed')).toMatchObject({
        data: expect.objectContaining({ jiedanId: created.id, factoryId: a.factoryId, price: '1500.50' }),
      });
    });

    it('takes the price as a decimal string and the factory from the token when factory_id is left out', async () => {
      const orderId = await openOrder();
      const created = expectSuccess<JiedanDto>(await placeBid(t, b.token, { order_id: orderId, price: '1234.5' }));
      expect(created).toMatchObject({ factory_id: String(b.factoryId), price: 1234.5 });
      const [rows] = await t.container.db.sequelize.query(`SELECT price FROM jiedan WHERE id = ${created.id}`);
      expect(String((rows as { price: string | number }[])[0].price)).toMatch(/^1234\.5(0)?$/);
    });

    it('refuses a second bid of one factory on one order with 409 and a Chinese message', async () => {
      const orderId = await openOrder();
      await bid(a, orderId);
      const again = expectFailure(
        await placeBid(t, a.token, { order_id: orderId, price: 999 }),
        409,
        'JIEDAN_DUPLICATE',
      );
      expect(again.message).toBe('该工厂已对该订单进行过接单操作');
      await bid(b, orderId);
    });

    it('keeps exactly one bid when one factory sends 20 at once: 1 × 200 and 19 × 409', async () => {
      const orderId = await openOrder();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => placeBid(t, c.token, { order_id: orderId, price: 100 + i })),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(19).fill(409)]);
      for (const r of answers.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('JIEDAN_DUPLICATE');
      expect(await liveRows(orderId, c.factoryId)).toBe(1);
    });

    it.each([
      [{ price: 0 }, 'price'],
      [{ price: -1 }, 'price'],
      [{ price: 1.234 }, 'price'],
      [{ price: 'abc' }, 'price'],
      [{ price: '1e3' }, 'price'],
      [{ price: 100_000_000 }, 'price'],
      [{ price: null }, 'price'],
      [{ order_id: undefined }, 'order_id'],
      [{ order_id: 'x1' }, 'order_id'],
      [{ order_id: 1.5 }, 'order_id'],
      [{ factory_id: 'abc' }, 'factory_id'],
    ])('answers 400 naming the field for %j', async (change, field) => {
      const body: Record<string, unknown> = { order_id: 1, price: 10, ...change };
      if ('order_id' in change && change.order_id === undefined) delete body.order_id;
      const res = expectFailure(await placeBid(t, a.token, body), 400, 'VALIDATION_ERROR');
      expect((res.error.details as { field: string }[])[0].field).toBe(field);
      expect(res.message).toContain(field);
    });

    it('lets only factory users bid: staff, customers and a foreign factory_id answer 403', async () => {
      const orderId = await openOrder();
      const body = { order_id: orderId, factory_id: a.factoryId, price: 10 };
      expectFailure(await post('/api/jiedan', w.tokens.admin, body), 403, 'WECHAT_ONLY');
      expectFailure(await post('/api/jiedan', w.tokens.storeManager, body), 403, 'WECHAT_ONLY');
      expectFailure(await post('/api/jiedan', customerUser, body), 403, 'FORBIDDEN');
      const foreign = expectFailure(
        await placeBid(t, a.token, { ...body, factory_id: String(b.factoryId) }),
        403,
        'FORBIDDEN',
      );
      expect(foreign.message).toContain('factory_id');
      expect(await liveRows(orderId, a.factoryId)).toBe(0);
      expect(await liveRows(orderId, b.factoryId)).toBe(0);
    });

    it('takes bids only on orders waiting for purchase orders (PENDING_PO, unlocked, unsplit, none accepted)', async () => {
      expectFailure(await placeBid(t, a.token, { order_id: 99_999_999, price: 10 }), 404, 'ORDER_NOT_FOUND');
      const drawing = await newOrder(t, w, { order: { requiresDrawingConfirmation: true } });
      const locked = await openOrder();
      expectSuccess(await post(`/api/orders/${locked}/lock`, w.tokens.storeManager, { reason: '客户要求暂停' }));
      const cancelled = await openOrder();
      expectSuccess(
        await post(`/api/orders/${cancelled}/cancel`, w.tokens.sales, { cancelReason: '客户取消', cancelType: 'FULL' }),
      );
      const taken = await openOrder();
      expectSuccess(await post(`/api/jiedan/${(await bid(b, taken)).id}/accept`, w.tokens.storeManager));
      for (const orderId of [drawing.id, locked, cancelled, taken]) {
        const res = expectFailure(
          await placeBid(t, a.token, { order_id: orderId, price: 10 }),
          422,
          'ORDER_NOT_OPEN_FOR_BIDS',
        );
        expect(res.message).toMatch(/^该订单当前不接受接单：/);
      }
    });

    it('refuses bids of a stopped factory (422)', async () => {
      const d = await newFactoryWithUser(t, w.tokens.purchaser, '停用前绑定的工厂', 'jd-factory-stopped');
      expectSuccess(await put(`/api/factories/${d.factoryId}`, w.tokens.purchaser, { isActive: 0 }));
      const orderId = await openOrder();
      expectFailure(await placeBid(t, d.token, { order_id: orderId, price: 10 }), 422, 'FACTORY_INACTIVE');
    });
  });

  describe('reads (§2, §3)', () => {
    it('answers the detail with order (id, title, description) and factory, without customer data', async () => {
      const order = await newOrder(t, w, {
        quotation: {
          items: [
            { productId: w.products.host, quantity: 2, actualPrice: 1400 },
            { productId: w.products.panel, quantity: 20, actualPrice: 30 },
          ],
        },
        order: { paymentAmount: 100 },
      });
      const created = await bid(a, order.id, 2999.99);
      const detail = expectSuccess<JiedanListItemDto>(await get(`/api/jiedan/${created.id}`, a.token));
      expect(detail).toEqual({
        ...created,
        order: {
          id: order.id,
          title: `${order.orderNo} 智能客控主机标准版 等2项`,
          description: '智能客控主机标准版 ×2台；触摸开关面板 ×20个',
        },
        factory: { user_id: String(a.factoryId), company_name: a.name },
      });
      const text = JSON.stringify(detail);
      for (const secret of ['演示酒店集团', '0755-88886666', '1400.00', 'customer']) expect(text).not.toContain(secret);
      expect(expectSuccess<JiedanListItemDto>(await get(`/api/jiedan/${created.id}`, w.tokens.purchaser)).id).toBe(
        created.id,
      );
      expect(expectSuccess<JiedanListItemDto>(await get(`/api/jiedan/${created.id}`, w.tokens.sales)).id).toBe(
        created.id,
      );
    });

    it('hides another factory’s bid, and bids on orders outside a salesperson’s scope (404)', async () => {
      const own = await bid(a, await openOrder());
      expectFailure(await get(`/api/jiedan/${own.id}`, b.token), 404, 'JIEDAN_NOT_FOUND');
      expectFailure(await get('/api/jiedan/99999999', a.token), 404, 'JIEDAN_NOT_FOUND');
      const foreign = await bid(a, await foreignOrder());
      expectFailure(await get(`/api/jiedan/${foreign.id}`, w.tokens.sales), 404, 'JIEDAN_NOT_FOUND');
      expectSuccess(await get(`/api/jiedan/${foreign.id}`, w.tokens.manager));
      expectFailure(await get(`/api/jiedan/${own.id}`, customerUser), 403, 'FORBIDDEN');
    });

    it('lists an order’s bids: staff see all, a factory only its own (§3)', async () => {
      const orderId = await openOrder();
      const [ba, bb] = [await bid(a, orderId, 100), await bid(b, orderId, 90)];
      const all = expectSuccess<JiedanListItemDto[]>(
        await get(`/api/orders/${orderId}/jiedans`, w.tokens.storeManager),
      );
      expect(all.map((x) => [x.id, x.factory_id, x.price])).toEqual([
        [ba.id, String(a.factoryId), 100],
        [bb.id, String(b.factoryId), 90],
      ]);
      expect(all[0].order).toEqual({ id: orderId, title: expect.stringMatching(/^OD\d{11,} 智能客控主机标准版$/) });
      expect(all[1].factory).toEqual({ user_id: String(b.factoryId), company_name: '乙工厂' });
      const mine = expectSuccess<JiedanListItemDto[]>(await get(`/api/orders/${orderId}/jiedans`, a.token));
      expect(mine.map((x) => x.id)).toEqual([ba.id]);
      expect(expectSuccess<JiedanListItemDto[]>(await get(`/api/orders/${orderId}/jiedans`, c.token))).toEqual([]);
    });

    it('answers 404 for an order’s bids out of scope: another salesperson’s order, a closed order a factory never bid on', async () => {
      const foreign = await foreignOrder();
      expectFailure(await get(`/api/orders/${foreign}/jiedans`, w.tokens.sales), 404, 'ORDER_NOT_FOUND');
      expectSuccess(await get(`/api/orders/${foreign}/jiedans`, w.tokens.manager));
      const taken = await openOrder();
      expectSuccess(await post(`/api/jiedan/${(await bid(b, taken)).id}/accept`, w.tokens.purchaser));
      expectFailure(await get(`/api/orders/${taken}/jiedans`, c.token), 404, 'ORDER_NOT_FOUND');
      expect(expectSuccess<JiedanListItemDto[]>(await get(`/api/orders/${taken}/jiedans`, b.token))).toHaveLength(1);
      expectFailure(await get('/api/orders/99999999/jiedans', w.tokens.admin), 404, 'ORDER_NOT_FOUND');
    });
  });

  describe('accept and reject (§5, §6)', () => {
    it('accepts one bid and rejects the other pending bids of the order in one step, recording the caller', async () => {
      const orderId = await openOrder();
      const [ba, bb, bc] = [await bid(a, orderId, 100), await bid(b, orderId, 90), await bid(c, orderId, 95)];
      const accepted = expectSuccess<JiedanDto>(
        await post(`/api/jiedan/${ba.id}/accept`, w.tokens.storeManager, { agree_user_id: 'somebody-else' }),
        '已同意接单',
      );
      expect(accepted).toMatchObject({
        id: ba.id,
        status: 'accepted',
        agree_user_id: String(staffIds.storeManager),
        agree_time: expect.stringMatching(ISO),
        price: 100,
      });
      for (const other of [bb, bc]) {
        const seen = expectSuccess<JiedanDto>(await get(`/api/jiedan/${other.id}`, w.tokens.admin));
        expect(seen).toMatchObject({ status: 'rejected', reject_reason: '已选择其他工厂', agree_time: null });
        expect(seen.reject_time).toMatch(ISO);
      }
      const events = await timeline(orderId);
      expect(events.find((e) => e.type === 'bid_accepted')).toMatchObject({
        actorId: staffIds.storeManager,
        data: expect.objectContaining({ jiedanId: ba.id, factoryId: a.factoryId, rejectedJiedanIds: [bb.id, bc.id] }),
      });
      const again = expectFailure(
        await post(`/api/jiedan/${ba.id}/accept`, w.tokens.purchaser),
        422,
        'JIEDAN_NOT_PENDING',
      );
      expect(again.message).toContain('只能对待处理的接单进行同意操作');
      expectFailure(await post(`/api/jiedan/${bb.id}/accept`, w.tokens.purchaser), 422, 'JIEDAN_NOT_PENDING');
      expectFailure(await post(`/api/jiedan/${ba.id}/reject`, w.tokens.purchaser), 422, 'JIEDAN_NOT_PENDING');
    });

    it('rejects with a reason, stored and answered; a rejected bid cannot be accepted', async () => {
      const orderId = await openOrder();
      const ba = await bid(a, orderId);
      const rejected = expectSuccess<JiedanDto>(
        await post(`/api/jiedan/${ba.id}/reject`, w.tokens.purchaser, { reason: '报价过高' }),
        '已拒绝接单',
      );
      expect(rejected).toMatchObject({ status: 'rejected', reject_reason: '报价过高', agree_time: null });
      expect(expectSuccess<JiedanDto>(await get(`/api/jiedan/${ba.id}`, a.token)).reject_reason).toBe('报价过高');
      expectFailure(await post(`/api/jiedan/${ba.id}/accept`, w.tokens.purchaser), 422, 'JIEDAN_NOT_PENDING');
      const events = await timeline(orderId);
      expect(events.find((e) => e.type === 'bid_rejected')?.data).toMatchObject({
        jiedanId: ba.id,
        reason: '报价过高',
      });
      expectFailure(
        await post(`/api/jiedan/${ba.id}/reject`, w.tokens.admin, { reason: 'x'.repeat(501) }),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('lets only staff with jiedan.approve decide (403), and hides missing bids (404)', async () => {
      const ba = await bid(a, await openOrder());
      expectFailure(await post(`/api/jiedan/${ba.id}/accept`, a.token), 403, 'FORBIDDEN');
      expectFailure(await post(`/api/jiedan/${ba.id}/accept`, w.tokens.sales), 403, 'FORBIDDEN');
      expectFailure(await post(`/api/jiedan/${ba.id}/reject`, w.tokens.customerService), 403, 'FORBIDDEN');
      expectFailure(await post('/api/jiedan/99999999/accept', w.tokens.admin), 404, 'JIEDAN_NOT_FOUND');
      expect(expectSuccess<JiedanDto>(await get(`/api/jiedan/${ba.id}`, a.token)).status).toBe('pending');
    });

    it('of two staff accepting two bids of one order at once, exactly one wins and the other answers 422', async () => {
      for (let round = 0; round < 3; round += 1) {
        const orderId = await openOrder();
        const [ba, bb] = [await bid(a, orderId), await bid(b, orderId)];
        const answers = await Promise.all([
          post(`/api/jiedan/${ba.id}/accept`, w.tokens.storeManager),
          post(`/api/jiedan/${bb.id}/accept`, w.tokens.purchaser),
        ]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
        const loser = answers.find((r) => r.status === 422);
        expect(['JIEDAN_NOT_PENDING', 'ORDER_NOT_OPEN_FOR_BIDS']).toContain(loser?.body.error.code);
        const [rows] = await t.container.db.sequelize.query(
          `SELECT status FROM jiedan WHERE order_id = ${orderId} AND deleted_at IS NULL ORDER BY status`,
        );
        expect((rows as { status: string }[]).map((r) => r.status)).toEqual(['accepted', 'rejected']);
      }
    });

    it('makes the split prefer the accepted factory (matchedBy jiedan), and keeps its bid once split', async () => {
      const orderId = await openOrder();
      const preview = (token = w.tokens.customerService) => post(`/api/orders/${orderId}/split/preview`, token);
      // The demo products name no default factory: nothing to match before a bid is accepted.
      expectFailure(await preview(), 400, 'SUPPLIER_REQUIRED');
      const bb = await bid(b, orderId, 88);
      expectSuccess(await post(`/api/jiedan/${bb.id}/accept`, w.tokens.storeManager));
      const plan = expectSuccess<{ purchaseOrders: PlannedPo[] }>(await preview());
      expect(plan.purchaseOrders.map((p) => [p.supplierId, p.matchedBy])).toEqual([[b.factoryId, 'jiedan']]);
      const confirm = {
        purchaseOrders: plan.purchaseOrders.map((p) => ({ supplierId: p.supplierId, items: p.items })),
      };
      expectSuccess(await post(`/api/orders/${orderId}/split/confirm`, w.tokens.customerService, confirm));
      expectFailure(await del(`/api/jiedan/${bb.id}`, w.tokens.admin), 422, 'JIEDAN_NOT_DELETABLE');
      expectFailure(await placeBid(t, a.token, { order_id: orderId, price: 1 }), 422, 'ORDER_NOT_OPEN_FOR_BIDS');
    });
  });

  describe('update (§7)', () => {
    it('lets a factory change the price of its own pending bid, and nothing else', async () => {
      const orderId = await openOrder();
      const ba = await bid(a, orderId, 100);
      const changed = expectSuccess<JiedanDto>(await put(`/api/jiedan/${ba.id}`, a.token, { price: '95.50' }));
      expect(changed).toMatchObject({ id: ba.id, status: 'pending', price: 95.5 });
      expect(Date.parse(changed.updated_at)).toBeGreaterThanOrEqual(Date.parse(ba.updated_at));
      expect((await timeline(orderId)).find((e) => e.type === 'bid_updated')?.data).toMatchObject({
        previousPrice: '100.00',
        price: '95.50',
      });
      expectFailure(await put(`/api/jiedan/${ba.id}`, b.token, { price: 1 }), 404, 'JIEDAN_NOT_FOUND');
      expectFailure(await put(`/api/jiedan/${ba.id}`, a.token, { status: 'accepted' }), 403, 'FORBIDDEN');
      expectFailure(await put(`/api/jiedan/${ba.id}`, w.tokens.admin, { price: 1 }), 403, 'FORBIDDEN');
      expectFailure(await put(`/api/jiedan/${ba.id}`, a.token, { price: 0 }), 400, 'VALIDATION_ERROR');
      expectFailure(await put(`/api/jiedan/${ba.id}`, a.token, {}), 400, 'VALIDATION_ERROR');
      expectFailure(
        await put(`/api/jiedan/${ba.id}`, a.token, { price: 1, status: 'rejected' }),
        400,
        'VALIDATION_ERROR',
      );
      expectSuccess(await post(`/api/jiedan/${ba.id}/reject`, w.tokens.purchaser, { reason: '不合适' }));
      expectFailure(await put(`/api/jiedan/${ba.id}`, a.token, { price: 1 }), 422, 'JIEDAN_NOT_PENDING');
    });

    it('lets staff with jiedan.approve set the status by the rules of accept and reject', async () => {
      const orderId = await openOrder();
      const [ba, bb, bc] = [await bid(a, orderId), await bid(b, orderId), await bid(c, orderId)];
      expectFailure(await put(`/api/jiedan/${ba.id}`, w.tokens.sales, { status: 'accepted' }), 403, 'FORBIDDEN');
      expectFailure(await put(`/api/jiedan/${ba.id}`, w.tokens.admin, { status: 'pending' }), 400, 'VALIDATION_ERROR');
      const rejected = expectSuccess<JiedanDto>(
        await put(`/api/jiedan/${bc.id}`, w.tokens.purchaser, { status: 'rejected', reason: '交期太长' }),
      );
      expect(rejected).toMatchObject({ status: 'rejected', reject_reason: '交期太长' });
      const accepted = expectSuccess<JiedanDto>(
        await put(`/api/jiedan/${ba.id}`, w.tokens.storeManager, { status: 'accepted', agree_user_id: 'x' }),
      );
      expect(accepted).toMatchObject({
        status: 'accepted',
        agree_user_id: String(staffIds.storeManager),
        agree_time: expect.stringMatching(ISO),
      });
      expect(expectSuccess<JiedanDto>(await get(`/api/jiedan/${bb.id}`, w.tokens.admin))).toMatchObject({
        status: 'rejected',
        reject_reason: '已选择其他工厂',
      });
      expectFailure(
        await put(`/api/jiedan/${ba.id}`, w.tokens.admin, { status: 'rejected' }),
        422,
        'JIEDAN_NOT_PENDING',
      );
      expectFailure(
        await put(`/api/jiedan/${bc.id}`, w.tokens.admin, { status: 'accepted' }),
        422,
        'JIEDAN_NOT_PENDING',
      );
    });
  });

  describe('delete (§8)', () => {
    it('lets a factory withdraw its own pending bid; the bid disappears everywhere and the factory may bid again', async () => {
      const orderId = await openOrder();
      const ba = await bid(a, orderId);
      expectFailure(await del(`/api/jiedan/${ba.id}`, b.token), 404, 'JIEDAN_NOT_FOUND');
      const res = expectSuccess<{ message: string }>(await del(`/api/jiedan/${ba.id}`, a.token), '接单记录删除成功');
      expect(res).toEqual({ message: '接单记录删除成功' });
      expectFailure(await get(`/api/jiedan/${ba.id}`, a.token), 404, 'JIEDAN_NOT_FOUND');
      expectFailure(await get(`/api/jiedan/${ba.id}`, w.tokens.admin), 404, 'JIEDAN_NOT_FOUND');
      expectFailure(await del(`/api/jiedan/${ba.id}`, a.token), 404, 'JIEDAN_NOT_FOUND');
      expect(expectSuccess<JiedanListItemDto[]>(await get(`/api/orders/${orderId}/jiedans`, w.tokens.admin))).toEqual(
        [],
      );
      const [kept] = await t.container.db.sequelize.query(`SELECT deleted_at, alive FROM jiedan WHERE id = ${ba.id}`);
      expect((kept as { deleted_at: unknown; alive: unknown }[])[0]).toMatchObject({ alive: null });
      expect((kept as { deleted_at: unknown }[])[0].deleted_at).not.toBeNull();
      const again = await bid(a, orderId, 10);
      expect(again.id).not.toBe(ba.id);
      expect(await liveRows(orderId, a.factoryId)).toBe(1);
      expect((await timeline(orderId)).map((e) => e.type)).toEqual(
        expect.arrayContaining(['bid_placed', 'bid_deleted']),
      );
    });

    it('refuses to withdraw a decided bid (422) and lets only factories and staff with jiedan.delete delete (403)', async () => {
      const orderId = await openOrder();
      const [ba, bb] = [await bid(a, orderId), await bid(b, orderId)];
      expectFailure(await del(`/api/jiedan/${ba.id}`, w.tokens.storeManager), 403, 'FORBIDDEN');
      expectFailure(await del(`/api/jiedan/${ba.id}`, w.tokens.sales), 403, 'FORBIDDEN');
      expectFailure(await del(`/api/jiedan/${ba.id}`, customerUser), 403, 'FORBIDDEN');
      expectSuccess(await post(`/api/jiedan/${ba.id}/reject`, w.tokens.purchaser));
      expectFailure(await del(`/api/jiedan/${ba.id}`, a.token), 422, 'JIEDAN_NOT_PENDING');
      expectSuccess(await del(`/api/jiedan/${bb.id}`, w.tokens.admin), '接单记录删除成功');
      expectSuccess(await del(`/api/jiedan/${ba.id}`, w.tokens.admin));
      expect(await liveRows(orderId, a.factoryId)).toBe(0);
    });

    it('deleting an accepted bid of an unsplit order reopens the order for bids and drops the split hint', async () => {
      const orderId = await openOrder();
      const [ba, bb] = [await bid(a, orderId), await bid(b, orderId)];
      expectSuccess(await post(`/api/jiedan/${ba.id}/accept`, w.tokens.storeManager));
      expectFailure(await del(`/api/jiedan/${ba.id}`, a.token), 422, 'JIEDAN_NOT_PENDING');
      expectSuccess(await del(`/api/jiedan/${ba.id}`, w.tokens.admin));
      expectFailure(
        await post(`/api/orders/${orderId}/split/preview`, w.tokens.customerService),
        400,
        'SUPPLIER_REQUIRED',
      );
      const cb = await bid(c, orderId);
      expectSuccess(await post(`/api/jiedan/${cb.id}/accept`, w.tokens.purchaser));
      expect(expectSuccess<JiedanDto>(await get(`/api/jiedan/${bb.id}`, w.tokens.admin)).status).toBe('rejected');
    });
  });

  describe('a factory’s bids (§4) and statistics (§9)', () => {
    it('pages a factory’s bids newest first with 001’s fields and counts them per status', async () => {
      const d = await newFactoryWithUser(t, w.tokens.purchaser, '丁工厂', 'jd-factory-d');
      const ids: number[] = [];
      for (let i = 0; i < 12; i += 1) ids.push((await bid(d, await openOrder(), 10 + i)).id);
      const pageOf = async (query: string, token = d.token) =>
        expectSuccess<Page>(await get(`/api/factories/${d.factoryId}/jiedans${query}`, token));
      const first = await pageOf('');
      expect({ total: first.total, page: first.page, page_size: first.page_size }).toEqual({
        total: 12,
        page: 1,
        page_size: 10,
      });
      expect(first.jiedans.map((j) => j.id)).toEqual([...ids].reverse().slice(0, 10));
      const second = await pageOf('?page=2&pageSize=5');
      expect({ total: second.total, page: second.page, page_size: second.page_size }).toEqual({
        total: 12,
        page: 2,
        page_size: 5,
      });
      expect(second.jiedans.map((j) => j.id)).toEqual([...ids].reverse().slice(5, 10));
      expect(second.jiedans[0]).toMatchObject({
        factory_id: String(d.factoryId),
        order: { id: expect.any(Number), title: expect.stringMatching(/^OD/) },
        factory: { user_id: String(d.factoryId), company_name: '丁工厂' },
      });
      expect((await pageOf('?page=3&pageSize=5')).jiedans).toHaveLength(2);
      expect((await pageOf('?page=9')).jiedans).toEqual([]);
      expectFailure(await get(`/api/factories/${d.factoryId}/jiedans?pageSize=101`, d.token), 400, 'VALIDATION_ERROR');
      expectFailure(await get(`/api/factories/${d.factoryId}/jiedans?page=0`, d.token), 400, 'VALIDATION_ERROR');

      expectSuccess(await post(`/api/jiedan/${ids[0]}/accept`, w.tokens.storeManager));
      expectSuccess(await post(`/api/jiedan/${ids[1]}/reject`, w.tokens.storeManager, { reason: '价格' }));
      expectSuccess(await post(`/api/jiedan/${ids[2]}/reject`, w.tokens.storeManager));
      expectSuccess(await del(`/api/jiedan/${ids[3]}`, d.token));
      const stats = (token: string) => get(`/api/factories/${d.factoryId}/jiedan-statistics`, token);
      expect(expectSuccess(await stats(d.token))).toEqual({ pending: 8, accepted: 1, rejected: 2 });
      expect(expectSuccess(await stats(w.tokens.purchaser))).toEqual({ pending: 8, accepted: 1, rejected: 2 });
      expect((await pageOf('')).total).toBe(11);
      expect((await pageOf('?status=rejected')).jiedans.map((j) => j.id)).toEqual([ids[2], ids[1]]);
      expect((await pageOf('', w.tokens.admin)).total).toBe(11);
    });

    it('shows a factory’s bids and statistics only to that factory and to staff who may see factories (404)', async () => {
      for (const path of [`/api/factories/${a.factoryId}/jiedans`, `/api/factories/${a.factoryId}/jiedan-statistics`]) {
        expectSuccess(await get(path, a.token));
        expectFailure(await get(path, b.token), 404, 'FACTORY_NOT_FOUND');
        expectFailure(await get(path, w.tokens.sales), 404, 'FACTORY_NOT_FOUND');
        expectFailure(await get(path, customerUser), 403, 'FORBIDDEN');
        expectSuccess(await get(path, w.tokens.customerService));
      }
      expectFailure(await get('/api/factories/99999999/jiedan-statistics', w.tokens.admin), 404, 'FACTORY_NOT_FOUND');
      expectFailure(await get('/api/factories/abc/jiedans', w.tokens.admin), 400, 'VALIDATION_ERROR');
    });
  });
});
