import type { DeliveryStatus } from '@app/shared';
import { OrderCancelRequestModel, OrderItemModel } from '@app/server/src/db/models';
import {
  IN_TRANSIT,
  SIGNED,
  kuaidi100PushForm,
  pushResult,
  startFakeKuaidi100,
  type FakeKuaidi100,
  type FakeTrace,
} from '../fakes/fake-kuaidi100';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import {
  acceptedQuotation,
  as,
  buildOrderWorld,
  newOrder,
  PREPAID_PAYMENT,
  type OrderWorld,
} from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

const ACCOUNT = { customer: 'CUSTOMER-IT-01', key: 'kuaidi100-key-it' };
const SALT = 'kuaidi100-salt-it';
const TIMEOUT_MS = 300;
const CALLBACK_URL = 'https://erp.example.com/api/logistics/kuaidi100/callback';
const KUAIDI100_OK = { result: true, returnCode: '200', message: '成功' };

interface TimelineEvent {
  type: string;
  note: string | null;
  data: Record<string, unknown> | null;
}

describe('Delivery and logistics (002 §5-6) with a fake Kuaidi100', () => {
  let t: TestApp;
  let fake: FakeKuaidi100;
  let w: OrderWorld;
  let nextNumber = 1000;
  const sfNumber = () => `SF${String(Date.now()).slice(-6)}${nextNumber++}`;

  beforeAll(async () => {
    fake = await startFakeKuaidi100(ACCOUNT);
    t = await startTestApp({
      KUAIDI100_BASE_URL: fake.baseUrl,
      KUAIDI100_CUSTOMER: ACCOUNT.customer,
      KUAIDI100_KEY: ACCOUNT.key,
      KUAIDI100_SALT: SALT,
      KUAIDI100_CALLBACK_URL: CALLBACK_URL,
      KUAIDI100_TIMEOUT_MS: String(TIMEOUT_MS),
      RATE_LIMIT_DEFAULT_PER_MIN: '100000',
    });
    await seedDemo(t);
    w = await buildOrderWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  /** Moves a fresh order to PENDING_DELIVERY (keeping the status counters right) and sets its lines' statuses. */
  async function readyToDeliver(orderId: number, lines: DeliveryStatus[] = []): Promise<number[]> {
    return t.container.db.transaction(async (tx) => {
      const repo = t.container.orders.repository;
      const order = await repo.findById(orderId, { kind: 'all' }, tx);
      if (!order || !(await repo.transition(order, 'PENDING_DELIVERY', {}, tx))) throw new Error('not moved');
      const items = await OrderItemModel.findAll({ where: { orderId }, order: [['id', 'ASC']], transaction: tx });
      for (const [i, item] of items.entries()) {
        await item.update({ deliveryStatus: lines[i] ?? 'IN_STOCK', inStockAt: new Date() }, { transaction: tx });
      }
      return items.map((i) => Number(i.id));
    });
  }

  const orderReady = async () => {
    const order = await newOrder(t, w);
    await readyToDeliver(order.id);
    return order.id;
  };
  const request = (id: number, token = w.tokens.sales, body: object = { deliveryAddress: '北京市朝阳区XXX小区' }) =>
    t.http.post(`/api/orders/${id}/delivery/request`).set(as(token)).send(body);
  const confirm = (id: number, body: object, token = w.tokens.sales) =>
    t.http.post(`/api/orders/${id}/delivery/confirm`).set(as(token)).send(body);
  const detail = async (id: number) => (await t.http.get(`/api/orders/${id}`).set(as(w.tokens.storeManager))).body.data;
  const timeline = async (id: number): Promise<TimelineEvent[]> =>
    expectSuccess<TimelineEvent[]>(await t.http.get(`/api/orders/${id}/timeline`).set(as(w.tokens.storeManager)));
  const track = (id: number, token = w.tokens.sales) => t.http.get(`/api/orders/${id}/logistics-track`).set(as(token));
  const push = (number: string, trace: FakeTrace, salt = SALT) =>
    t.http
      .post('/api/logistics/kuaidi100/callback')
      .type('form')
      .send(kuaidi100PushForm(pushResult(number, 'shunfeng', trace), salt));

  /** An order shipped by SF with a fresh number. */
  async function shippedOrder(): Promise<{ id: number; number: string }> {
    const id = await orderReady();
    expectSuccess(await request(id));
    const number = sfNumber();
    expectSuccess(await confirm(id, { logisticsCompany: 'SF', trackingNumber: number, shippingFee: 280 }));
    return { id, number };
  }

  describe('POST /api/orders/:id/delivery/request (5.1)', () => {
    it('moves a PENDING_DELIVERY order with every line in stock to PENDING_SHIPMENT', async () => {
      const id = await orderReady();
      const res = await request(id, w.tokens.customerService, {
        deliveryAddress: '北京市朝阳区XXX小区',
        scheduledDate: '2026-01-20',
      });
      const data = expectSuccess<Record<string, unknown>>(res, '已申请发货');
      expect(data).toEqual({
        id,
        status: 'PENDING_SHIPMENT',
        deliveryAddress: '北京市朝阳区XXX小区',
        scheduledDate: '2026-01-20',
        updatedAt: expect.any(String),
      });
      expect(await detail(id)).toMatchObject({ status: 'PENDING_SHIPMENT', scheduledDate: '2026-01-20' });
      expect((await timeline(id)).map((e) => e.type)).toContain('delivery_requested');
      expectFailure(await request(id), 400, 'ORDER_INVALID_STATUS');
    });

    it('refuses an order not waiting for delivery, and a body without an address', async () => {
      const order = await newOrder(t, w);
      expectFailure(await request(order.id), 400, 'ORDER_INVALID_STATUS');
      await readyToDeliver(order.id);
      expectFailure(await request(order.id, w.tokens.sales, { scheduledDate: '2026-01-20' }), 400, 'VALIDATION_ERROR');
    });

    it('lists the lines not in stock (ITEMS_NOT_IN_STOCK) and changes nothing', async () => {
      const item = (productId: number, quantity: number) => ({
        productId,
        quantity,
        standardPrice: 1500,
        actualPrice: 1500,
      });
      const order = await newOrder(t, w, {
        quotation: { items: [item(w.products.host, 1), item(w.products.panel, 2)] },
      });
      const [, panelLine] = await readyToDeliver(order.id, ['IN_STOCK', 'ORDERED']);
      const failure = expectFailure(await request(order.id), 400, 'ITEMS_NOT_IN_STOCK');
      expect(failure.message).toBe('部分商品未入库，无法发货');
      expect(failure.error.details).toEqual([
        { itemId: panelLine, productName: '触摸开关面板', deliveryStatus: 'ORDERED' },
      ]);
      expect((await detail(order.id)).status).toBe('PENDING_DELIVERY');
    });

    it('answers CANCEL_APPROVAL_REQUIRED while a cancel request is pending', async () => {
      const id = await orderReady();
      const row = await OrderCancelRequestModel.create({
        orderId: id,
        cancelType: 'FULL',
        cancelReason: '客户取消',
        orderStatus: 'PENDING_DELIVERY',
        status: 'PENDING',
        pendingOrderId: id,
        requestedBy: w.salesUserId,
      });
      expectFailure(await request(id), 400, 'CANCEL_APPROVAL_REQUIRED');
      await row.update({ status: 'REJECTED', pendingOrderId: null });
      expectSuccess(await request(id));
    });

    it('lets finance not ask for delivery (403) and sales not see another sales’ order (404)', async () => {
      const id = await orderReady();
      expectFailure(await request(id, w.tokens.finance), 403, 'FORBIDDEN');
      const quoteId = await acceptedQuotation(
        t,
        w,
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
        w.tokens.manager,
      );
      const created = await t.http
        .post('/api/orders')
        .set(as(w.tokens.manager))
        .send({ quoteId, ...PREPAID_PAYMENT });
      const foreign = expectSuccess<{ id: number }>(created).id;
      await readyToDeliver(foreign);
      expectFailure(await request(foreign), 404, 'ORDER_NOT_FOUND');
      expectFailure(await track(foreign), 404, 'ORDER_NOT_FOUND');
      expectSuccess(await request(foreign, w.tokens.manager));
    });
  });

  describe('POST /api/orders/:id/delivery/confirm (5.2)', () => {
    it('ships the order and its lines, then subscribes to Kuaidi100 pushes', async () => {
      const id = await orderReady();
      expectFailure(
        await confirm(id, { logisticsCompany: 'SF', trackingNumber: sfNumber() }),
        400,
        'ORDER_INVALID_STATUS',
      );
      expectSuccess(await request(id));
      const number = sfNumber();
      const data = expectSuccess(
        await confirm(id, { logisticsCompany: 'SF', trackingNumber: number, shippingFee: 280 }),
      );
      expect(data).toEqual({
        id,
        status: 'SHIPPED',
        logisticsCompany: 'SF',
        trackingNumber: number,
        shippingFee: '280.00',
        shippedAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const order = await detail(id);
      expect(order).toMatchObject({ status: 'SHIPPED', trackingNumber: number, shippingFee: '280.00' });
      expect(order.items.map((i: { deliveryStatus: string }) => i.deliveryStatus)).toEqual(['SHIPPED']);
      expect(order.deliveryProgress).toMatchObject({ shippedLines: 1, deliveredLines: 0, deliveredShare: '0.00' });
      expect(fake.subscriptions).toEqual([
        {
          company: 'shunfeng',
          number,
          key: ACCOUNT.key,
          parameters: expect.objectContaining({ callbackurl: CALLBACK_URL, salt: SALT, resultv2: '1' }),
        },
      ]);
    });

    it('does not subscribe a self-pickup order; its track is built from the order’s own steps', async () => {
      const id = await orderReady();
      expectSuccess(await request(id));
      expectSuccess(await confirm(id, { logisticsCompany: 'SELF_PICKUP', trackingNumber: 'PICKUP-0001' }));
      expect(fake.subscriptions).toEqual([]);
      const data = expectSuccess(await track(id));
      expect(data).toEqual({
        trackingNumber: 'PICKUP-0001',
        company: 'SELF_PICKUP',
        companyName: '自提',
        status: '待自提',
        timeline: [{ time: expect.any(String), status: '待自提', location: null, description: expect.any(String) }],
        estimatedDelivery: null,
      });
      expect(fake.queries).toEqual([]);
    });

    it('still ships when the subscription fails, and says so on the timeline', async () => {
      fake.subscribeMode = 'fail';
      const { id } = await shippedOrder();
      expect((await detail(id)).status).toBe('SHIPPED');
      const failed = (await timeline(id)).filter((e) => e.type === 'logistics_subscribe_failed');
      expect(failed).toHaveLength(1);
      expect(failed[0].note).toContain('订阅失败');
    });

    it('replays the first answer for the same Idempotency-Key: one shipment, one subscription', async () => {
      const id = await orderReady();
      expectSuccess(await request(id));
      const body = { logisticsCompany: 'SF', trackingNumber: sfNumber() };
      const send = () => confirm(id, body).set('Idempotency-Key', `ship-${id}`);
      const first = expectSuccess(await send());
      expect(expectSuccess(await send())).toEqual(first);
      expect(fake.subscriptions).toHaveLength(1);
      expect((await timeline(id)).filter((e) => e.type === 'shipped')).toHaveLength(1);
    });
  });

  describe('PUT /api/orders/:id/logistics (6.1)', () => {
    it('changes the number and subscribes the new one; a fee-only change does not subscribe again', async () => {
      const { id } = await shippedOrder();
      fake.reset();
      const number = sfNumber();
      const put = (body: object, token = w.tokens.sales) =>
        t.http.put(`/api/orders/${id}/logistics`).set(as(token)).send(body);
      expect(expectSuccess(await put({ logisticsCompany: 'SF', trackingNumber: number, shippingFee: '300' }))).toEqual({
        id,
        logisticsCompany: 'SF',
        trackingNumber: number,
        shippingFee: '300.00',
        updatedAt: expect.any(String),
      });
      expect(fake.subscriptions.map((s) => s.number)).toEqual([number]);
      expectSuccess(await put({ logisticsCompany: 'SF', trackingNumber: number, shippingFee: 320 }));
      expect(fake.subscriptions).toHaveLength(1);
      expect((await timeline(id)).filter((e) => e.type === 'logistics_updated')).toHaveLength(2);
      expectFailure(await put({ logisticsCompany: 'SF', trackingNumber: '号码' }), 400, 'VALIDATION_ERROR');
      expectFailure(await put({ logisticsCompany: 'EMS', trackingNumber: number }), 400, 'VALIDATION_ERROR');
      expectFailure(
        await put({ logisticsCompany: 'SF', trackingNumber: number }, w.tokens.customerService),
        403,
        'FORBIDDEN',
      );
    });

    it('refuses an order that is not waiting for or on its way', async () => {
      const id = await orderReady();
      const res = await t.http
        .put(`/api/orders/${id}/logistics`)
        .set(as(w.tokens.sales))
        .send({ logisticsCompany: 'SF', trackingNumber: sfNumber() });
      expectFailure(res, 400, 'ORDER_INVALID_STATUS');
    });
  });

  describe('GET /api/orders/:id/logistics-track (6.2)', () => {
    it('answers the courier’s track as 002 shows it', async () => {
      const { id, number } = await shippedOrder();
      expect(expectSuccess(await track(id))).toEqual({
        trackingNumber: number,
        company: 'SF',
        companyName: '顺丰速运',
        status: '运输中',
        timeline: [
          { time: '2026-01-22T10:00:00.000Z', status: '已揽收', location: '北京市朝阳区', description: '快递员已揽收' },
          {
            time: '2026-01-22T18:00:00.000Z',
            status: '运输中',
            location: '北京市大兴区',
            description: '快件到达北京大兴集散中心',
          },
          {
            time: '2026-01-23T09:00:00.000Z',
            status: '派送中',
            location: '上海市浦东新区',
            description: '快件到达上海浦东集散中心,准备派送',
          },
        ],
        estimatedDelivery: '2026-01-23T18:00:00.000Z',
      });
      expect(fake.queries).toEqual([expect.objectContaining({ com: 'shunfeng', num: number, resultv2: '1' })]);
      expect((await detail(id)).status).toBe('SHIPPED');
    });

    it('answers ORDER_INVALID_STATUS before shipping', async () => {
      const id = await orderReady();
      expect(expectFailure(await track(id), 400, 'ORDER_INVALID_STATUS').message).toBe('订单尚未发货');
    });

    it('answers LOGISTICS_API_ERROR quickly when Kuaidi100 fails, is slow or answers garbage', async () => {
      const { id } = await shippedOrder();
      for (const mode of ['fail', 'slow', 'malformed'] as const) {
        fake.queryMode = mode;
        const started = Date.now();
        expectFailure(await track(id), 500, 'LOGISTICS_API_ERROR');
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
      }
      expect((await detail(id)).status).toBe('SHIPPED');
    });

    it('delivers the order when the courier reports it signed', async () => {
      const { id, number } = await shippedOrder();
      fake.setTrace(number, SIGNED);
      expect(expectSuccess<{ status: string }>(await track(id)).status).toBe('已签收');
      const order = await detail(id);
      expect(order).toMatchObject({ status: 'DELIVERED', deliveredAt: expect.any(String) });
      expect(order.items.map((i: { deliveryStatus: string }) => i.deliveryStatus)).toEqual(['DELIVERED']);
      expectSuccess(await track(id));
      expect((await timeline(id)).filter((e) => e.type === 'signed')).toHaveLength(1);
    });
  });

  describe('POST /api/logistics/kuaidi100/callback', () => {
    it('records a signed push once, delivers on state 3 (lines and share), and the order can complete', async () => {
      const { id, number } = await shippedOrder();
      const first = await push(number, IN_TRANSIT);
      expect({ status: first.status, body: first.body }).toEqual({ status: 200, body: KUAIDI100_OK });
      expect((await push(number, IN_TRANSIT)).body).toEqual(KUAIDI100_OK);
      const events = (await timeline(id)).filter((e) => e.type === 'logistics_event');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ note: '运输中：快件到达上海浦东集散中心,准备派送', data: { state: 0 } });

      for (let i = 0; i < 2; i += 1) expect((await push(number, SIGNED)).body).toEqual(KUAIDI100_OK);
      const order = await detail(id);
      expect(order).toMatchObject({ status: 'DELIVERED', deliveredAt: expect.any(String) });
      expect(order.items.map((i: { deliveryStatus: string }) => i.deliveryStatus)).toEqual(['DELIVERED']);
      expect(order.deliveryProgress).toMatchObject({ deliveredLines: 1, deliveredShare: '1.00' });
      const all = await timeline(id);
      expect(all.filter((e) => e.type === 'signed')).toHaveLength(1);
      expect(all.filter((e) => e.type === 'logistics_event')).toHaveLength(2);

      const done = await t.http.post(`/api/orders/${id}/complete`).set(as(w.tokens.sales));
      expect(expectSuccess<{ status: string }>(done).status).toBe('COMPLETED');
    });

    it('refuses a push with a wrong or missing signature and changes nothing', async () => {
      const { id, number } = await shippedOrder();
      const before = (await timeline(id)).length;
      const wrong = await push(number, SIGNED, 'not-the-salt');
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({
        result: false,
        returnCode: '401',
        success: false,
        code: 401,
        error: { code: 'SIGNATURE_INVALID' },
      });
      const unsigned = await t.http
        .post('/api/logistics/kuaidi100/callback')
        .type('form')
        .send({ param: JSON.stringify({ lastResult: pushResult(number, 'shunfeng', SIGNED) }) });
      expect(unsigned.status).toBe(401);
      expect((await t.http.post('/api/logistics/kuaidi100/callback')).status).toBe(401);
      expect((await detail(id)).status).toBe('SHIPPED');
      expect(await timeline(id)).toHaveLength(before);
    });

    it('answers success for a number no order has', async () => {
      expect((await push('SF000000000001', SIGNED)).body).toEqual(KUAIDI100_OK);
    });
  });

  describe('POST /api/orders/:id/delivery/sign (receipt by hand)', () => {
    const sign = (id: number, body: object = {}, token = w.tokens.sales) =>
      t.http.post(`/api/orders/${id}/delivery/sign`).set(as(token)).send(body);

    async function pickupOrder(): Promise<number> {
      const id = await orderReady();
      expectSuccess(await request(id));
      expectSuccess(await confirm(id, { logisticsCompany: 'SELF_PICKUP', trackingNumber: `PICKUP-${nextNumber++}` }));
      return id;
    }

    it('delivers a self-pickup order and its lines the way the courier does; then the order completes', async () => {
      const id = await pickupOrder();
      const { shippedAt } = await detail(id);
      const signedAt = new Date(Math.max(Date.parse(shippedAt), Date.now() - 1000)).toISOString();
      const res = await sign(id, { signedBy: ' 张三 ', note: '客户到店自提', signedAt }, w.tokens.customerService);
      expect(expectSuccess(res, '已确认签收')).toEqual({
        id,
        status: 'DELIVERED',
        deliveredAt: signedAt,
        updatedAt: expect.any(String),
      });
      const order = await detail(id);
      expect(order).toMatchObject({ status: 'DELIVERED', deliveredAt: signedAt });
      expect(order.items.map((i: { deliveryStatus: string }) => i.deliveryStatus)).toEqual(['DELIVERED']);
      expect(order.deliveryProgress).toMatchObject({ deliveredLines: 1, deliveredShare: '1.00' });
      const signed = (await timeline(id)).filter((e) => e.type === 'signed');
      expect(signed).toEqual([
        expect.objectContaining({
          note: '客户到店自提',
          data: expect.objectContaining({ manual: true, signedBy: '张三' }),
        }),
      ]);
      const picked = expectSuccess<{ status: string; timeline: { status: string }[] }>(await track(id));
      expect(picked.status).toBe('已自提');
      expect(picked.timeline.map((e) => e.status)).toEqual(['待自提', '已自提']);
      expect(fake.queries).toEqual([]);

      const done = await t.http.post(`/api/orders/${id}/complete`).set(as(w.tokens.sales));
      expect(expectSuccess<{ status: string }>(done).status).toBe('COMPLETED');
    });

    it('takes an empty body as signed now; a courier parcel can be signed by hand too', async () => {
      const { id } = await shippedOrder();
      const before = Date.now();
      const data = expectSuccess<{ deliveredAt: string }>(await sign(id));
      expect(Date.parse(data.deliveredAt)).toBeGreaterThanOrEqual(before - 1000);
      const [signed] = (await timeline(id)).filter((e) => e.type === 'signed');
      expect(signed.data).toMatchObject({ manual: true, signedBy: null });
      expect(signed.note).toEqual(expect.any(String));
    });

    it('answers ORDER_INVALID_STATUS unless SHIPPED, and checks the body and the sign time', async () => {
      const waiting = await orderReady();
      expectFailure(await sign(waiting), 400, 'ORDER_INVALID_STATUS');
      expectSuccess(await request(waiting));
      expectFailure(await sign(waiting), 400, 'ORDER_INVALID_STATUS');

      const id = await pickupOrder();
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const tooEarly = await sign(id, { signedAt: '2020-01-01T00:00:00Z' });
      expect(expectFailure(tooEarly, 400, 'VALIDATION_ERROR').error.details).toEqual([
        { field: 'signedAt', message: '签收时间不能早于发货时间' },
      ]);
      expect(expectFailure(await sign(id, { signedAt: future }), 400, 'VALIDATION_ERROR').error.details).toEqual([
        { field: 'signedAt', message: '签收时间不能晚于当前时间' },
      ]);
      expectFailure(await sign(id, { signedAt: '昨天' }), 400, 'VALIDATION_ERROR');
      expectFailure(await sign(id, { signedBy: 'x'.repeat(65) }), 400, 'VALIDATION_ERROR');
      expectFailure(await sign(id, { note: 'x'.repeat(256) }), 400, 'VALIDATION_ERROR');
      expect((await detail(id)).status).toBe('SHIPPED');

      expectSuccess(await sign(id, { signedBy: 'x'.repeat(64) }));
      expectFailure(await sign(id), 400, 'ORDER_INVALID_STATUS');
      expect((await timeline(id)).filter((e) => e.type === 'signed')).toHaveLength(1);
    });

    it('is refused to finance (403) and on a locked order (ORDER_LOCKED)', async () => {
      const id = await pickupOrder();
      expectFailure(await sign(id, {}, w.tokens.finance), 403, 'FORBIDDEN');
      expectSuccess(
        await t.http.post(`/api/orders/${id}/lock`).set(as(w.tokens.storeManager)).send({ reason: '客户对账中' }),
      );
      expectFailure(await sign(id), 400, 'ORDER_LOCKED');
      expect((await detail(id)).status).toBe('SHIPPED');
    });
  });

  describe('a locked order', () => {
    const lock = (id: number) =>
      t.http.post(`/api/orders/${id}/lock`).set(as(w.tokens.storeManager)).send({ reason: '客户对账中' });

    it('refuses delivery and logistics changes but still takes the courier’s word', async () => {
      const waiting = await orderReady();
      expectSuccess(await lock(waiting));
      expectFailure(await request(waiting), 400, 'ORDER_LOCKED');

      const { id, number } = await shippedOrder();
      expectSuccess(await lock(id));
      const put = await t.http
        .put(`/api/orders/${id}/logistics`)
        .set(as(w.tokens.sales))
        .send({ logisticsCompany: 'SF', trackingNumber: sfNumber() });
      expectFailure(put, 400, 'ORDER_LOCKED');
      expect((await push(number, SIGNED)).body).toEqual(KUAIDI100_OK);
      expect(await detail(id)).toMatchObject({ status: 'DELIVERED', isLocked: true });
    });
  });
});
