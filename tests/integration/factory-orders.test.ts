import { expectFailure, expectSuccess } from '../helpers/envelope';
import {
  factoryUser,
  freshIp,
  newFactoryWithUser,
  placeBid,
  type FactoryUser,
  type JiedanDto,
} from '../helpers/jiedan-fixtures';
import { as, buildOrderWorld, newOrder, type OrderWorld } from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

interface Line {
  id: number;
  product_code: string | null;
  product_name: string;
  category: string | null;
  room_name: string | null;
  width: number | null;
  height: number | null;
  quantity: number;
  unit: string | null;
}
interface FactoryOrder {
  order_id: number;
  order_no: string;
  status: string;
  created_at: string;
  scheduled_date: string | null;
  delivery_city: string | null;
  lines: Line[];
  bid_count: number;
  my_bid: JiedanDto | null;
  purchase_orders: { id: number; po_no: string; status: string }[];
}
interface Page {
  list: FactoryOrder[];
  pagination: { page: number; pageSize: number; total: number; totalPages: number };
}

describe('GET /api/factory/orders: the orders a factory may bid on and works on', () => {
  let t: TestApp;
  let w: OrderWorld;
  let a: FactoryUser;
  let b: FactoryUser;
  /** Every order of this file still open for bids, oldest first. */
  const open: number[] = [];

  const get = (path: string, token: string) => t.http.get(path).set(as(token));
  const post = (path: string, token: string, body: object = {}) => t.http.post(path).set(as(token)).send(body);
  const page = async (token: string, query = '') =>
    expectSuccess<Page>(await get(`/api/factory/orders${query}`, token));
  const twoLines = {
    quotation: {
      items: [
        { productId: 0, quantity: 3, actualPrice: 1400 },
        { productId: 0, quantity: 12, actualPrice: 30 },
      ],
    },
  };
  async function openOrder(order: Record<string, unknown> = {}): Promise<number> {
    const items = twoLines.quotation.items.map((i, k) => ({
      ...i,
      productId: k === 0 ? w.products.host : w.products.panel,
    }));
    const id = (await newOrder(t, w, { quotation: { items }, order: { paymentAmount: 100, ...order } })).id;
    open.push(id);
    return id;
  }
  const bid = async (f: FactoryUser, orderId: number, price = 100) =>
    expectSuccess<JiedanDto>(await placeBid(t, f.token, { order_id: orderId, price }));
  const close = (id: number) => open.splice(open.indexOf(id), 1);
  async function splitTo(orderId: number, supplierOf: (index: number) => number): Promise<void> {
    const order = expectSuccess<{ items: { id: number; quantity: string }[] }>(
      await get(`/api/orders/${orderId}`, w.tokens.sales),
    );
    const groups = new Map<number, { itemId: number; quantity: string }[]>();
    order.items.forEach((item, k) =>
      groups.set(supplierOf(k), [...(groups.get(supplierOf(k)) ?? []), { itemId: item.id, quantity: item.quantity }]),
    );
    const body = { purchaseOrders: [...groups].map(([supplierId, items]) => ({ supplierId, items })) };
    expectSuccess(await post(`/api/orders/${orderId}/split/confirm`, w.tokens.customerService, body));
    close(orderId);
  }

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
    await seedDemo(t);
    w = await buildOrderWorld(t);
    a = await factoryUser(t, 'fo-factory-a', 'DEMO-FACTORY');
    b = await newFactoryWithUser(t, w.tokens.purchaser, '乙工厂', 'fo-factory-b');
  }, 60_000);
  afterAll(() => t.close());

  it('lists the open orders newest first with what pricing needs, and nothing of the customer', async () => {
    const shenzhen = await openOrder();
    const elsewhere = await openOrder({ deliveryAddress: '浙江省杭州市西湖区文三路100号3楼' });
    const res = await page(a.token);
    expect(res.pagination).toEqual({ page: 1, pageSize: 10, total: open.length, totalPages: 1 });
    expect(res.list.map((o) => o.order_id)).toEqual([elsewhere, shenzhen]);
    const [first, second] = res.list;
    expect(first).toEqual({
      order_id: elsewhere,
      order_no: expect.stringMatching(/^OD\d{11,}$/),
      status: 'PENDING_PO',
      created_at: expect.stringMatching(/Z$/),
      scheduled_date: null,
      delivery_city: '杭州市',
      lines: [
        {
          id: expect.any(Number),
          product_code: 'RCS-001',
          product_name: '智能客控主机标准版',
          category: 'ROOM_CONTROL',
          room_name: null,
          width: null,
          height: null,
          quantity: 3,
          unit: '台',
        },
        expect.objectContaining({ product_code: 'PNL-002', quantity: 12, unit: '个' }),
      ],
      bid_count: 0,
      my_bid: null,
      purchase_orders: [],
    });
    // The customer's address is 广东省深圳市: only the city is shown.
    expect(second.delivery_city).toBe('深圳市');
    const text = JSON.stringify(res);
    for (const secret of ['演示酒店集团', '0755-88886666', '文三路', '1400.00', 'price', 'customer'])
      expect(text).not.toContain(secret);
  });

  it('counts the bids of every factory and shows each factory its own bid only', async () => {
    const orderId = await openOrder();
    const mineA = await bid(a, orderId, 321.5);
    const mineB = await bid(b, orderId, 300);
    const forA = (await page(a.token)).list.find((o) => o.order_id === orderId);
    const forB = (await page(b.token)).list.find((o) => o.order_id === orderId);
    expect(forA).toMatchObject({ bid_count: 2, my_bid: { id: mineA.id, price: 321.5, status: 'pending' } });
    expect(forB).toMatchObject({ bid_count: 2, my_bid: { id: mineB.id, price: 300 } });
    expectSuccess(await t.http.delete(`/api/jiedan/${mineB.id}`).set(as(b.token)));
    const after = (await page(a.token)).list.find((o) => o.order_id === orderId);
    expect(after?.bid_count).toBe(1);
  });

  it('leaves out orders that do not take bids: accepted, locked, split, cancelled, awaiting drawings', async () => {
    const accepted = await openOrder();
    expectSuccess(await post(`/api/jiedan/${(await bid(b, accepted)).id}/accept`, w.tokens.storeManager));
    close(accepted);
    const locked = await openOrder();
    expectSuccess(await post(`/api/orders/${locked}/lock`, w.tokens.storeManager, { reason: '核对' }));
    close(locked);
    const split = await openOrder();
    await splitTo(split, () => b.factoryId);
    const cancelled = await openOrder();
    expectSuccess(
      await post(`/api/orders/${cancelled}/cancel`, w.tokens.sales, { cancelReason: '取消', cancelType: 'FULL' }),
    );
    close(cancelled);
    const drawing = (await newOrder(t, w, { order: { requiresDrawingConfirmation: true } })).id;
    const all = await page(a.token, '?pageSize=100');
    expect(all.list.map((o) => o.order_id)).toEqual([...open].reverse());
    expect(all.pagination.total).toBe(open.length);
    for (const id of [accepted, locked, split, cancelled, drawing])
      expect(all.list.map((o) => o.order_id)).not.toContain(id);
  });

  it('pages with page/pageSize and runs a fixed number of queries whatever the page size (no N+1)', async () => {
    while (open.length < 7) await openOrder();
    const newest = [...open].reverse();
    const p2 = await page(a.token, '?page=2&pageSize=3');
    expect(p2.pagination).toEqual({ page: 2, pageSize: 3, total: open.length, totalPages: Math.ceil(open.length / 3) });
    expect(p2.list.map((o) => o.order_id)).toEqual(newest.slice(3, 6));
    expectFailure(await get('/api/factory/orders?pageSize=101', a.token), 400, 'VALIDATION_ERROR');
    expectFailure(await get('/api/factory/orders?view=all', a.token), 400, 'VALIDATION_ERROR');

    const statements: string[] = [];
    const hook = (_options: unknown, query: unknown) => {
      const sql = (query as { sql?: string }).sql ?? '';
      if (/^\s*SELECT/i.test(sql) && /\b(orders|order_items|jiedan|purchase_orders)\b/.test(sql)) statements.push(sql);
    };
    t.container.db.sequelize.addHook('afterQuery', 'count-queries', hook);
    try {
      const counted = async (query: string) => {
        statements.length = 0;
        const res = await page(a.token, query);
        return { rows: res.list.length, queries: statements.length };
      };
      const small = await counted('?pageSize=2');
      const large = await counted('?pageSize=7');
      expect([small.rows, large.rows]).toEqual([2, 7]);
      expect(large.queries).toBe(small.queries);
      // Page, count, lines, bid counts, own bids.
      expect(small.queries).toBe(5);
    } finally {
      t.container.db.sequelize.removeHook('afterQuery', 'count-queries');
    }
  });

  it('view=mine: the orders a factory won or supplies, with its own purchase orders and lines', async () => {
    const won = await openOrder();
    const wonBid = await bid(a, won, 999);
    await bid(b, won, 888);
    expectSuccess(await post(`/api/jiedan/${wonBid.id}/accept`, w.tokens.purchaser));
    close(won);
    const shared = await openOrder();
    await splitTo(shared, (k) => (k === 0 ? a.factoryId : b.factoryId));

    const mineA = await page(a.token, '?view=mine');
    expect(mineA.list.map((o) => o.order_id)).toEqual([shared, won]);
    const [sharedA, wonA] = mineA.list;
    expect(wonA).toMatchObject({
      status: 'PENDING_PO',
      purchase_orders: [],
      my_bid: { id: wonBid.id, status: 'accepted' },
    });
    expect(wonA.lines).toHaveLength(2);
    expect(sharedA.status).toBe('PENDING_PRODUCTION');
    expect(sharedA.purchase_orders).toEqual([
      { id: expect.any(Number), po_no: expect.stringMatching(/^OD\d+-0[12]$/), status: 'IN_PRODUCTION' },
    ]);
    expect(sharedA.lines.map((l) => l.product_code)).toEqual(['RCS-001']);

    const mineB = await page(b.token, '?view=mine');
    expect(mineB.list.map((o) => o.order_id)).not.toContain(won);
    const sharedB = mineB.list.find((o) => o.order_id === shared);
    expect(sharedB?.lines.map((l) => l.product_code)).toEqual(['PNL-002']);
    expect(sharedB?.purchase_orders[0].id).not.toBe(sharedA.purchase_orders[0].id);

    const split = await openOrder();
    await splitTo(split, () => a.factoryId);
    const afterSplit = await page(a.token, '?view=mine&pageSize=1');
    expect(afterSplit.list.map((o) => o.order_id)).toEqual([split]);
    expect(afterSplit.pagination.total).toBe(3);
  });

  it('is for factory users only: staff, customers and unbound WeChat users answer 403', async () => {
    expectFailure(await get('/api/factory/orders', w.tokens.admin), 403, 'WECHAT_ONLY');
    expectFailure(await get('/api/factory/orders', w.tokens.purchaser), 403, 'WECHAT_ONLY');
    const login = await t.http.post('/api/auth/wx-login').set('x-forwarded-for', freshIp()).send({ code: 'mock:fo-x' });
    const unbound = login.body.data.token as string;
    expectFailure(await get('/api/factory/orders', unbound), 403, 'FORBIDDEN');
    const customer = await t.http
      .post('/api/auth/bind-company')
      .set(as(unbound))
      .set('x-forwarded-for', freshIp())
      .send({ inviteCode: 'DEMO-HOTEL' });
    expect(customer.status).toBe(200);
    expectFailure(await get('/api/factory/orders?view=mine', unbound), 403, 'FORBIDDEN');
  });
});
