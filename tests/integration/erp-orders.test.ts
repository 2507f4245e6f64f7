import { OrderEventModel, OrderModel } from '@app/server/src/db/models';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { factoryUser, newFactoryWithUser, type FactoryUser } from '../helpers/jiedan-fixtures';
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
import { wechatUser } from '../helpers/wechat-users';

interface SearchData {
  orders: {
    order_id: string;
    order_no: string;
    customer_name: string;
    order_date: string;
    status: string;
    materials: { material_id: string; material_code: string; status: string }[];
  }[];
  total: number;
  page: number;
  pageSize: number;
  queryTime: number;
  cacheHit: boolean;
  stale?: boolean;
}
interface Material {
  material_id: string;
  material_code: string;
  material_name: string;
  status: string;
  factory_id: string | null;
}
interface MaterialProgress extends Material {
  order_id: string;
  progress: { id: string; type: string; status: string; description: string | null; images: string[] }[];
}

describe('customer orders through the ERP boundary, local adapter (003)', () => {
  let t: TestApp;
  let w: OrderWorld;
  let customer: string;
  let otherCustomer: string;
  let unbound: string;
  let a: FactoryUser;
  let b: FactoryUser;
  /** The demo customer's order split between factories A and B (one line each), and its lines. */
  let split: { id: number; orderNo: string; lineA: number; lineB: number; codeA: string };
  /** A second (PENDING_PO) order of the demo customer; an order of another customer. */
  let pending: { id: number; orderNo: string };
  let foreign: { id: number; line: number };

  const wechat = (name: string, inviteCode: string | null) => wechatUser(t, name, inviteCode);
  const items = async (orderId: number) => {
    const detail = expectSuccess<{ items: { id: number; quantity: number; productCode: string | null }[] }>(
      await t.http.get(`/api/orders/${orderId}`).set(as(w.tokens.admin)),
    );
    return detail.items;
  };
  /** A setup request that must succeed (its body in the failure otherwise). */
  const must = async (res: Promise<{ status: number; body: unknown }>) => {
    const r = await res;
    if (r.status !== 200) throw new Error(`setup: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const search = (token: string, query = '') => t.http.get(`/api/orders/search${query}`).set(as(token));

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
    await seedDemo(t);
    w = await buildOrderWorld(t);
    a = await factoryUser(t, 'erp-factory-a', 'DEMO-FACTORY');
    b = await newFactoryWithUser(t, w.tokens.admin, 'ERP测试工厂B', 'erp-factory-b');
    customer = await wechat('erp-customer', 'DEMO-HOTEL');
    const code = await t.http.post(`/api/customers/${w.otherCustomerId}/invite-code`).set(as(w.tokens.admin));
    otherCustomer = await wechat('erp-other-customer', code.body.data.inviteCode as string);
    unbound = await wechat('erp-unbound', null);

    const created = await newOrder(t, w, {
      quotation: {
        items: [
          { productId: w.products.host, quantity: 1, actualPrice: 100 },
          { productId: w.products.host, quantity: 2, actualPrice: 100 },
        ],
      },
      order: { paymentAmount: '0.01' },
    });
    const lines = await items(created.id);
    await must(
      t.http
        .post(`/api/orders/${created.id}/split/confirm`)
        .set(as(w.tokens.customerService))
        .send({
          purchaseOrders: [
            { supplierId: a.factoryId, items: [{ itemId: lines[0].id, quantity: lines[0].quantity }] },
            { supplierId: b.factoryId, items: [{ itemId: lines[1].id, quantity: lines[1].quantity }] },
          ],
        }),
    );
    split = {
      id: created.id,
      orderNo: created.orderNo,
      lineA: lines[0].id,
      lineB: lines[1].id,
      codeA: lines[0].productCode ?? '',
    };
    for (const [who, type] of [
      [a, 'design'],
      [a, 'material'],
      [b, 'production'],
    ] as const) {
      await must(
        t.http
          .post(`/api/orders/${split.id}/progress`)
          .set(as(who.token))
          .send({
            order_id: split.id,
            factory_id: who.factoryId,
            type,
            status: 'in_progress',
            description: `${type}进度`,
          }),
      );
    }
    const second = await newOrder(t, w);
    pending = { id: second.id, orderNo: second.orderNo };
    const quoteId = await acceptedQuotation(
      t,
      w,
      { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
      w.tokens.admin,
    );
    const other = await t.http
      .post('/api/orders')
      .set(as(w.tokens.admin))
      .send({ quoteId, ...PREPAID_PAYMENT });
    expect(other.status).toBe(200);
    foreign = { id: other.body.data.id as number, line: (await items(other.body.data.id as number))[0].id };
  }, 120_000);
  afterAll(() => t.close());

  describe('GET /api/orders/search', () => {
    it("lists only the bound company's orders, newest first, in 003's shape with its lines as materials", async () => {
      const res = await search(customer);
      const data = expectSuccess<SearchData>(res, '查询成功');
      expect(Object.keys(data).sort()).toEqual(['cacheHit', 'orders', 'page', 'pageSize', 'queryTime', 'total']);
      const ids = data.orders.map((o) => o.order_id);
      expect(ids).toContain(String(split.id));
      expect(ids).toContain(String(pending.id));
      expect(ids).not.toContain(String(foreign.id));
      expect(ids.indexOf(String(pending.id))).toBeLessThan(ids.indexOf(String(split.id)));
      expect(data).toMatchObject({ page: 1, pageSize: 20, cacheHit: false, total: data.orders.length });
      expect(Math.abs(data.queryTime - Date.now())).toBeLessThan(60_000);
      const order = data.orders.find((o) => o.order_id === String(split.id));
      expect(order).toEqual({
        order_id: String(split.id),
        order_no: split.orderNo,
        customer_name: expect.any(String),
        order_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        status: 'producing',
        materials: [
          { material_id: String(split.lineA), material_code: split.codeA, status: 'producing' },
          { material_id: String(split.lineB), material_code: expect.any(String), status: 'producing' },
        ],
      });
      expect(data.orders.find((o) => o.order_id === String(pending.id))?.status).toBe('pending');
      expect(res.headers['x-cache']).toBe('MISS');
    });

    it('answers the same query from the cache, saying so', async () => {
      const first = expectSuccess<SearchData>(await search(customer, '?pageSize=5'));
      const again = await search(customer, '?pageSize=5');
      const data = expectSuccess<SearchData>(again);
      expect(first.cacheHit).toBe(false);
      expect(data.cacheHit).toBe(true);
      expect(data.queryTime).toBe(first.queryTime);
      expect(data.orders).toEqual(first.orders);
      expect(again.headers['x-cache']).toBe('HIT');
    });

    it("filters by 003's status and by keyword (order number or material code), and pages", async () => {
      const producing = expectSuccess<SearchData>(await search(customer, '?status=producing'));
      expect(producing.orders.map((o) => o.order_id)).toEqual([String(split.id)]);
      const pendingOnly = expectSuccess<SearchData>(await search(customer, '?status=pending'));
      expect(pendingOnly.orders.map((o) => o.order_id)).toContain(String(pending.id));
      expect(pendingOnly.orders.every((o) => o.status === 'pending')).toBe(true);
      const shipped = expectSuccess<SearchData>(await search(customer, '?status=shipped'));
      expect(shipped).toMatchObject({ orders: [], total: 0 });
      const byNo = expectSuccess<SearchData>(await search(customer, `?keyword=${split.orderNo}`));
      expect(byNo.orders.map((o) => o.order_id)).toEqual([String(split.id)]);
      const byCode = expectSuccess<SearchData>(await search(customer, `?keyword=${encodeURIComponent(split.codeA)}`));
      expect(byCode.orders.map((o) => o.order_id)).toContain(String(split.id));
      const paged = expectSuccess<SearchData>(await search(customer, '?page=2&pageSize=1'));
      expect(paged).toMatchObject({ page: 2, pageSize: 1 });
      expect(paged.orders).toHaveLength(1);
      expect(paged.total).toBeGreaterThanOrEqual(2);
      // The foreign company sees its own order and not ours.
      const theirs = expectSuccess<SearchData>(await search(otherCustomer));
      expect(theirs.orders.map((o) => o.order_id)).toEqual([String(foreign.id)]);
    });

    it('refuses bad input with a Chinese message naming the field, never a 500', async () => {
      for (const [query, field] of [
        ['?status=PENDING_PO', 'status'],
        ['?pageSize=0', 'pageSize'],
        ['?pageSize=101', 'pageSize'],
        ['?page=abc', 'page'],
        [`?keyword=${'长'.repeat(65)}`, 'keyword'],
      ]) {
        const body = expectFailure(await search(customer, query), 400, 'VALIDATION_ERROR');
        expect(body.message).toContain(field);
      }
    });
  });

  describe('status, materials and material progress', () => {
    it("answers an order's status", async () => {
      const res = await t.http.get(`/api/orders/${split.id}/status`).set(as(customer));
      const data = expectSuccess<Record<string, unknown>>(res, '查询成功');
      expect(data).toMatchObject({
        order_id: String(split.id),
        order_no: split.orderNo,
        status: 'producing',
        materials_total: 2,
        materials_by_status: { producing: 2, pending: 0, shipped: 0, completed: 0, cancelled: 0 },
      });
      expect(res.headers['x-cache']).toBe('MISS');
      const again = await t.http.get(`/api/orders/${split.id}/status`).set(as(customer));
      expect(again.headers['x-cache']).toBe('HIT');
    });

    it("shows the customer the order's logistics and its timeline, without staff-only events or notes", async () => {
      type Status = {
        logistics: Record<string, unknown> | null;
        timeline: { type: string; title: string; note: string | null; time: string }[];
      };
      const before = expectSuccess<Status>(await t.http.get(`/api/orders/${split.id}/status`).set(as(customer)));
      expect(before.logistics).toBeNull();
      expect(before.timeline.map((e) => e.type)).toEqual([
        'progress_posted',
        'progress_posted',
        'progress_posted',
        'split',
        'created',
      ]);
      expect(before.timeline[0]).toMatchObject({ title: '生产进度更新', note: expect.stringContaining('生产进度') });
      expect(before.timeline.at(-1)).toMatchObject({ title: '订单已创建', note: null });

      // A shipment as the delivery flow writes it (row fields and events), then a courier's scan and a lock.
      await OrderModel.update(
        { logisticsCompany: 'SF', trackingNumber: 'SF1234567890', shippedAt: new Date() },
        { where: { id: pending.id } },
      );
      const event = { orderId: pending.id, fromStatus: null, toStatus: null, data: null, actorId: null };
      await OrderEventModel.bulkCreate([
        { ...event, eventType: 'shipped', note: '顺丰速运 SF1234567890', createdAt: new Date(Date.now() - 2000) },
        {
          ...event,
          eventType: 'logistics_event',
          note: '运输中：已到达深圳转运中心',
          createdAt: new Date(Date.now() - 1000),
        },
        { ...event, eventType: 'locked', note: '内部核对：客户欠款', createdAt: new Date() },
      ]);
      const shipped = expectSuccess<Status>(await t.http.get(`/api/orders/${pending.id}/status`).set(as(customer)));
      expect(shipped.logistics).toMatchObject({
        company_code: 'SF',
        company_name: '顺丰速运',
        tracking_no: 'SF1234567890',
      });
      expect(shipped.timeline.slice(0, 2)).toEqual([
        expect.objectContaining({ type: 'logistics_event', title: '物流更新', note: '运输中：已到达深圳转运中心' }),
        expect.objectContaining({ type: 'shipped', title: '已发货', note: '顺丰速运 SF1234567890' }),
      ]);
      expect(JSON.stringify(shipped.timeline)).not.toContain('内部核对');
    });

    it("lists an order's materials (its lines) with the factory making each", async () => {
      const data = expectSuccess<{ order_id: string; materials: Material[] }>(
        await t.http.get(`/api/orders/${split.id}/materials`).set(as(customer)),
      );
      expect(data.order_id).toBe(String(split.id));
      expect(data.materials).toEqual([
        expect.objectContaining({
          material_id: String(split.lineA),
          material_code: split.codeA,
          status: 'producing',
          factory_id: String(a.factoryId),
        }),
        expect.objectContaining({ material_id: String(split.lineB), factory_id: String(b.factoryId) }),
      ]);
    });

    it("answers a material's progress: the posts of the factory making that line, for that order only", async () => {
      const a1 = expectSuccess<MaterialProgress>(
        await t.http.get(`/api/materials/${split.lineA}/progress`).set(as(customer)),
      );
      expect(a1).toMatchObject({ material_id: String(split.lineA), order_id: String(split.id) });
      expect(a1.progress.map((p) => p.type)).toEqual(['design', 'material']);
      expect(a1.progress[0]).toMatchObject({ status: 'in_progress', description: 'design进度', images: [] });
      const b1 = expectSuccess<MaterialProgress>(
        await t.http.get(`/api/materials/${split.lineB}/progress`).set(as(customer)),
      );
      expect(b1.progress.map((p) => p.type)).toEqual(['production']);
      const none = expectSuccess<MaterialProgress>(
        await t.http.get(`/api/materials/${foreign.line}/progress`).set(as(otherCustomer)),
      );
      expect(none).toMatchObject({ factory_id: null, progress: [] });
    });

    it('drops cached answers of a company when its order changes: a new post, a lock, here or not', async () => {
      const progressOf = async () => t.http.get(`/api/materials/${split.lineA}/progress`).set(as(customer));
      await progressOf();
      const cached = await progressOf();
      expect(cached.headers['x-cache']).toBe('HIT');
      const before = expectSuccess<MaterialProgress>(cached).progress.length;
      // Another company's answer stays cached meanwhile.
      await t.http.get(`/api/materials/${foreign.line}/progress`).set(as(otherCustomer));

      await must(
        t.http
          .post(`/api/orders/${split.id}/progress`)
          .set(as(a.token))
          .send({ order_id: split.id, factory_id: a.factoryId, type: 'production', status: 'in_progress' }),
      );
      const fresh = await progressOf();
      expect(fresh.headers['x-cache']).toBe('MISS');
      expect(expectSuccess<MaterialProgress>(fresh).progress).toHaveLength(before + 1);
      const other = await t.http.get(`/api/materials/${foreign.line}/progress`).set(as(otherCustomer));
      expect(other.headers['x-cache']).toBe('HIT');

      await search(customer, `?keyword=${split.orderNo}`);
      expect((await search(customer, `?keyword=${split.orderNo}`)).headers['x-cache']).toBe('HIT');
      await must(t.http.post(`/api/orders/${split.id}/lock`).set(as(w.tokens.admin)).send({ reason: '核对缓存' }));
      expect((await search(customer, `?keyword=${split.orderNo}`)).headers['x-cache']).toBe('MISS');
      await must(t.http.post(`/api/orders/${split.id}/unlock`).set(as(w.tokens.admin)).send({ reason: '核对完毕' }));
    });

    it("answers 404 for another company's order or material, as for a missing one", async () => {
      for (const path of [
        `/api/orders/${foreign.id}/status`,
        `/api/orders/${foreign.id}/materials`,
        '/api/orders/99999999/status',
        '/api/orders/ERP-X/materials',
      ]) {
        expectFailure(await t.http.get(path).set(as(customer)), 404, 'ORDER_NOT_FOUND');
      }
      expectFailure(
        await t.http.get(`/api/materials/${foreign.line}/progress`).set(as(customer)),
        404,
        'MATERIAL_NOT_FOUND',
      );
      expectFailure(await t.http.get('/api/materials/99999999/progress').set(as(customer)), 404, 'MATERIAL_NOT_FOUND');
      const bad = expectFailure(await t.http.get('/api/orders/a.b/status').set(as(customer)), 400, 'VALIDATION_ERROR');
      expect(bad.message).toContain('order_id');
    });
  });

  describe('who may ask', () => {
    it('answers an unbound WeChat user with COMPANY_NOT_BOUND in Chinese', async () => {
      for (const path of [
        '/api/orders/search',
        `/api/orders/${split.id}/status`,
        `/api/materials/${split.lineA}/progress`,
      ]) {
        const body = expectFailure(await t.http.get(path).set(as(unbound)), 403, 'COMPANY_NOT_BOUND');
        expect(body.message).toMatch(/未绑定企业/);
      }
    });

    it('refuses factory users and staff; the staff order routes still work', async () => {
      expectFailure(await search(a.token), 403, 'FORBIDDEN');
      const staff = expectFailure(await search(w.tokens.admin), 403, 'WECHAT_ONLY');
      expect(staff.message).toBe('仅限微信用户操作');
      expectFailure(await t.http.get(`/api/orders/${split.id}/status`).set(as(w.tokens.sales)), 403, 'WECHAT_ONLY');
      const detail = expectSuccess<{ id: number }>(await t.http.get(`/api/orders/${split.id}`).set(as(w.tokens.admin)));
      expect(detail.id).toBe(split.id);
      expectFailure(await t.http.get('/api/orders/search'), 401, 'UNAUTHORIZED');
      // Another method on the path is not taken for an order id either.
      const put = await t.http.put('/api/orders/search').set(as(w.tokens.admin)).send({ remark: 'x' });
      expectFailure(put, 405, 'METHOD_NOT_ALLOWED');
      expect(put.headers.allow).toBe('GET');
    });

    it("applies 003's limits per user (30/min search, 60/min the others) with RateLimit-* headers", async () => {
      const limited = await wechat('erp-rate', 'DEMO-HOTEL');
      const first = await search(limited, '?keyword=rate');
      expect(first.headers['ratelimit-limit']).toBe('30');
      expect(first.headers['ratelimit-remaining']).toBe('29');
      for (let i = 1; i < 30; i += 1) expect((await search(limited, '?keyword=rate')).status).toBe(200);
      const over = await search(limited, '?keyword=rate');
      expectFailure(over, 429, 'RATE_LIMITED');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      const status = await t.http.get(`/api/orders/${split.id}/status`).set(as(limited));
      expect(status.status).toBe(200);
      expect(status.headers['ratelimit-limit']).toBe('60');
    }, 60_000);
  });

  describe('GET /api/erp/status and the health check', () => {
    it('reports the last hour of ERP calls per endpoint to staff with monitor.read', async () => {
      await t.container.apiCalls.flush();
      const res = await t.http.get('/api/erp/status').set(as(w.tokens.admin));
      const data = expectSuccess<{
        mode: string;
        circuit: string;
        checkTime: number;
        stats: {
          endpoint: string;
          totalCalls: number;
          avgResponseTime: number;
          errorRate: number;
          successRate: number;
        }[];
      }>(res, '查询成功');
      expect(data).toMatchObject({ mode: 'local', circuit: 'closed' });
      expect(Math.abs(data.checkTime - Date.now())).toBeLessThan(60_000);
      const searchStats = data.stats.find((s) => s.endpoint === '/api/orders/search');
      expect(searchStats).toMatchObject({ errorRate: 0, successRate: 100 });
      expect(searchStats?.totalCalls).toBeGreaterThanOrEqual(5);
      expect(data.stats.map((s) => s.endpoint)).toEqual(
        expect.arrayContaining(['/api/orders/:order_id/status', '/api/materials/:material_id/progress']),
      );
      expectFailure(await t.http.get('/api/erp/status').set(as(customer)), 403, 'FORBIDDEN');
    });

    it('says the local ERP is healthy', async () => {
      const data = expectSuccess<{ services: { erp: string } }>(await t.http.get('/api/health/check'));
      expect(data.services.erp).toBe('healthy');
    });
  });
});
