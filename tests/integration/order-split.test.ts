import { OrderCancelRequestModel, PurchaseOrderModel } from '@app/server/src/db/models';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { PREPAID_PAYMENT, as, buildOrderWorld, newOrder, type OrderWorld } from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

interface Line {
  itemId: number;
  productName: string;
  quantity: number;
  unitPrice: string;
  subtotal: string;
}
interface PlannedPo {
  supplierId: number;
  supplierName: string;
  matchedBy: string;
  items: Line[];
  subtotal: string;
  shippingFee: string;
  total: string;
}
interface Plan {
  purchaseOrders: PlannedPo[];
  totalAmount: string;
  totalShippingFee: string;
  grandTotal: string;
}
interface PurchaseOrder {
  id: number;
  poNo: string;
  orderId: number;
  orderNo: string;
  supplierId: number;
  supplierName: string | null;
  status: string;
  subtotal: string;
  shippingFee: string;
  total: string;
  items: (Line & { id: number; received: boolean; receivedAt: string | null })[];
  receivedAt: string | null;
}
interface OrderItem {
  id: number;
  productName: string;
  supplierId: number | null;
  purchaseOrderId: number | null;
  deliveryStatus: string;
  inStockAt: string | null;
}
interface Order {
  id: number;
  orderNo: string;
  status: string;
  items: OrderItem[];
}
interface Event {
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  data: Record<string, unknown> | null;
  actorId: number | null;
}

const cents = (money: string) => Math.round(Number(money) * 100);

describe('OrderSplitService and purchase orders (002 §4)', () => {
  let t: TestApp;
  let w: OrderWorld;
  const f = { fabric: 0, finished: 0, third: 0, stopped: 0 };
  const p = { curtain: 0, motor: 0, panel: 0, screw: 0, orphan: 0 };

  const post = (path: string, token: string, body: object = {}) => t.http.post(path).set(as(token)).send(body);
  const get = (path: string, token: string) => t.http.get(path).set(as(token));
  const order = async (id: number, token = w.tokens.sales) =>
    expectSuccess<Order>(await get(`/api/orders/${id}`, token));
  const timeline = async (id: number) =>
    expectSuccess<Event[]>(await get(`/api/orders/${id}/timeline`, w.tokens.sales));
  const purchaseOrdersOf = async (id: number, token = w.tokens.sales) =>
    expectSuccess<PurchaseOrder[]>(await get(`/api/orders/${id}/purchase-orders`, token));

  async function factory(name: string): Promise<number> {
    const res = await post('/api/factories', w.tokens.purchaser, { name });
    return expectSuccess<{ factoryId: number }>(res).factoryId;
  }
  async function product(code: string, name: string, salePrice: string, supplierId?: number): Promise<number> {
    const categoryId = expectSuccess<{ list: { categoryId: number }[] }>(
      await get('/api/products/categories', w.tokens.purchaser),
    ).list[0].categoryId;
    const body = { productCode: code, productName: name, salePrice, categoryId, status: 'active', supplierId };
    return expectSuccess<{ productId: number }>(await post('/api/products', w.tokens.purchaser, body)).productId;
  }
  /** A PENDING_PO order with these lines (product, quantity), prepaid with a token amount. */
  async function orderWith(lines: [number, number, string][], extra: Record<string, unknown> = {}): Promise<Order> {
    const items = lines.map(([productId, quantity, actualPrice]) => ({ productId, quantity, actualPrice }));
    const created = await newOrder(t, w, { quotation: { items }, order: { paymentAmount: '0.01', ...extra } });
    return order(created.id);
  }
  const example = () =>
    orderWith([
      [p.curtain, 2, '300'],
      [p.motor, 1, '800'],
    ]);
  const confirmBody = (o: Order, groups: [number, number[]][]) => ({
    purchaseOrders: groups.map(([supplierId, idx]) => ({
      supplierId,
      items: idx.map((i) => ({ itemId: o.items[i].id, quantity: i === 0 ? 2 : 1 })),
    })),
  });
  async function split(o: Order): Promise<PurchaseOrder[]> {
    expectSuccess(
      await post(
        `/api/orders/${o.id}/split/confirm`,
        w.tokens.customerService,
        confirmBody(o, [
          [f.fabric, [0]],
          [f.finished, [1]],
        ]),
      ),
    );
    return purchaseOrdersOf(o.id);
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    w = await buildOrderWorld(t);
    f.fabric = await factory('XX面料供应商');
    f.finished = await factory('XX成品供应商');
    f.third = await factory('第三工厂');
    f.stopped = await factory('已停用工厂');
    expectSuccess(await t.http.put(`/api/factories/${f.stopped}`).set(as(w.tokens.purchaser)).send({ isActive: 0 }));
    p.curtain = await product('SPLIT-CUR', '梦幻帘', '300', f.fabric);
    p.motor = await product('SPLIT-MOT', '电机', '800', f.finished);
    p.panel = await product('SPLIT-PNL', '面板', '33.33', f.third);
    p.screw = await product('SPLIT-SCR', '螺丝', '0.01', f.fabric);
    p.orphan = await product('SPLIT-ORP', '无供应商产品', '50');
  });
  afterAll(() => t.close());

  describe('preview (4.1)', () => {
    it('auto-matches product default factories and apportions 20% shipping as in 002 (600 + 800 → 120 + 160)', async () => {
      const o = await example();
      const plan = expectSuccess<Plan>(await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService));
      expect(plan).toEqual({
        purchaseOrders: [
          {
            supplierId: f.fabric,
            supplierName: 'XX面料供应商',
            matchedBy: 'product_default',
            items: [
              { itemId: o.items[0].id, productName: '梦幻帘', quantity: 2, unitPrice: '300.00', subtotal: '600.00' },
            ],
            subtotal: '600.00',
            shippingFee: '120.00',
            total: '720.00',
          },
          {
            supplierId: f.finished,
            supplierName: 'XX成品供应商',
            matchedBy: 'product_default',
            items: [
              { itemId: o.items[1].id, productName: '电机', quantity: 1, unitPrice: '800.00', subtotal: '800.00' },
            ],
            subtotal: '800.00',
            shippingFee: '160.00',
            total: '960.00',
          },
        ],
        totalAmount: '1400.00',
        totalShippingFee: '280.00',
        grandTotal: '1680.00',
      });
      // A preview writes nothing.
      expect((await order(o.id)).status).toBe('PENDING_PO');
      expect(await purchaseOrdersOf(o.id)).toEqual([]);
      expect((await timeline(o.id)).map((e) => e.type)).toEqual(['created']);
    });

    it('honours an explicitly chosen supplier, grouping lines of one factory into one purchase order', async () => {
      const o = await example();
      const plan = expectSuccess<Plan>(
        await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService, {
          items: [{ itemId: o.items[1].id, supplierId: f.fabric, quantity: 1 }],
          totalShippingFee: 100,
        }),
      );
      expect(plan.purchaseOrders).toHaveLength(1);
      expect(plan.purchaseOrders[0]).toMatchObject({
        supplierId: f.fabric,
        matchedBy: 'request',
        subtotal: '1400.00',
        shippingFee: '100.00',
        total: '1500.00',
      });
      expect(plan.purchaseOrders[0].items.map((i) => i.itemId)).toEqual(o.items.map((i) => i.id));
    });

    it('apportions awkward amounts so the parts add up to the total shipping to the cent', async () => {
      const o = await orderWith([
        [p.panel, 1, '33.33'],
        [p.motor, 1, '66.66'],
        [p.screw, 1, '0.01'],
      ]);
      const given = expectSuccess<Plan>(
        await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService, { totalShippingFee: '10' }),
      );
      expect(given.purchaseOrders.map((po) => po.shippingFee)).toEqual(['3.33', '6.67', '0.00']);
      expect(given).toMatchObject({ totalAmount: '100.00', totalShippingFee: '10.00', grandTotal: '110.00' });
      const byRate = expectSuccess<Plan>(await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService));
      expect(byRate.purchaseOrders.map((po) => po.shippingFee)).toEqual(['6.67', '13.33', '0.00']);
      for (const plan of [given, byRate]) {
        const parts = plan.purchaseOrders.map((po) => cents(po.shippingFee));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(cents(plan.totalShippingFee));
        const totals = plan.purchaseOrders.map((po) => cents(po.total));
        expect(totals.reduce((a, b) => a + b, 0)).toBe(cents(plan.grandTotal));
      }
    });

    it('answers SUPPLIER_REQUIRED listing lines nobody supplies, until one is chosen', async () => {
      const o = await orderWith([
        [p.curtain, 1, '300'],
        [p.orphan, 2, '50'],
      ]);
      const res = expectFailure(
        await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService),
        400,
        'SUPPLIER_REQUIRED',
      );
      expect(res.error.details).toEqual([{ itemId: o.items[1].id, productName: '无供应商产品' }]);
      const plan = expectSuccess<Plan>(
        await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService, {
          items: [{ itemId: o.items[1].id, supplierId: f.third }],
        }),
      );
      expect(plan.purchaseOrders.map((po) => [po.supplierId, po.matchedBy])).toEqual([
        [f.fabric, 'product_default'],
        [f.third, 'request'],
      ]);
    });

    it('refuses unknown lines, a line split by quantity, and a stopped or missing factory', async () => {
      const o = await example();
      const other = await example();
      const path = `/api/orders/${o.id}/split/preview`;
      for (const itemId of [other.items[0].id, 99_999_999]) {
        expectFailure(await post(path, w.tokens.customerService, { items: [{ itemId }] }), 400, 'ORDER_ITEM_NOT_FOUND');
      }
      const qty = expectFailure(
        await post(path, w.tokens.customerService, { items: [{ itemId: o.items[0].id, quantity: 1 }] }),
        400,
        'SPLIT_INVALID',
      );
      expect(qty.message).toContain('整行');
      for (const supplierId of [f.stopped, 99_999_999]) {
        expectFailure(
          await post(path, w.tokens.customerService, { items: [{ itemId: o.items[0].id, supplierId }] }),
          400,
          'SPLIT_INVALID',
        );
      }
      expectFailure(
        await post(path, w.tokens.customerService, { items: [{ itemId: o.items[0].id }, { itemId: o.items[0].id }] }),
        400,
        'SPLIT_INVALID',
      );
    });

    it('splits only a PENDING_PO, unlocked order, and only for those allowed to split', async () => {
      const drawing = await newOrder(t, w, {
        quotation: { items: [{ productId: p.curtain, quantity: 1, actualPrice: '300' }] },
        order: { paymentAmount: '0.01', requiresDrawingConfirmation: true },
      });
      expectFailure(
        await post(`/api/orders/${drawing.id}/split/preview`, w.tokens.customerService),
        400,
        'ORDER_INVALID_STATUS',
      );
      const o = await example();
      expectFailure(await post(`/api/orders/${o.id}/split/preview`, w.tokens.sales), 403, 'FORBIDDEN');
      expectSuccess(await post(`/api/orders/${o.id}/lock`, w.tokens.storeManager, { reason: '核对中' }));
      expectFailure(await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService), 400, 'ORDER_LOCKED');
      const body = confirmBody(o, [
        [f.fabric, [0]],
        [f.finished, [1]],
      ]);
      expectFailure(await post(`/api/orders/${o.id}/split/confirm`, w.tokens.storeManager, body), 400, 'ORDER_LOCKED');
      expectFailure(await post('/api/orders/99999999/split/preview', w.tokens.admin), 404, 'ORDER_NOT_FOUND');
    });
  });

  describe('confirm (4.2)', () => {
    it('creates one purchase order per supplier, links the lines and moves the order to PENDING_PRODUCTION', async () => {
      const o = await example();
      const res = expectSuccess<{ orderId: number; purchaseOrderIds: number[]; status: string; createdAt: string }>(
        await post(
          `/api/orders/${o.id}/split/confirm`,
          w.tokens.customerService,
          confirmBody(o, [
            [f.fabric, [0]],
            [f.finished, [1]],
          ]),
        ),
        '拆单成功',
      );
      expect(res).toMatchObject({ orderId: o.id, status: 'PENDING_PRODUCTION' });
      expect(res.purchaseOrderIds).toHaveLength(2);
      expect(Number.isNaN(Date.parse(res.createdAt))).toBe(false);
      const after = await order(o.id);
      expect(after.status).toBe('PENDING_PRODUCTION');
      expect(after.items.map((i) => [i.supplierId, i.purchaseOrderId, i.deliveryStatus])).toEqual([
        [f.fabric, res.purchaseOrderIds[0], 'ORDERED'],
        [f.finished, res.purchaseOrderIds[1], 'ORDERED'],
      ]);
      const pos = await purchaseOrdersOf(o.id);
      expect(
        pos.map((po) => [po.id, po.poNo, po.orderNo, po.supplierName, po.status, po.shippingFee, po.total]),
      ).toEqual([
        [res.purchaseOrderIds[0], `${o.orderNo}-01`, o.orderNo, 'XX面料供应商', 'IN_PRODUCTION', '120.00', '720.00'],
        [res.purchaseOrderIds[1], `${o.orderNo}-02`, o.orderNo, 'XX成品供应商', 'IN_PRODUCTION', '160.00', '960.00'],
      ]);
      expect(pos[0].items).toEqual([
        expect.objectContaining({ itemId: o.items[0].id, quantity: 2, subtotal: '600.00', received: false }),
      ]);
      const split = (await timeline(o.id)).find((e) => e.type === 'split');
      expect(split).toMatchObject({ fromStatus: 'PENDING_PO', toStatus: 'PENDING_PRODUCTION' });
      expect(split?.data).toMatchObject({ action: 'split', purchaseOrderIds: res.purchaseOrderIds });
      expectFailure(
        await post(`/api/orders/${o.id}/split/confirm`, w.tokens.customerService, confirmBody(o, [[f.fabric, [0, 1]]])),
        400,
        'ORDER_INVALID_STATUS',
      );
      expectFailure(
        await post(`/api/orders/${o.id}/split/preview`, w.tokens.customerService),
        400,
        'ORDER_INVALID_STATUS',
      );
    });

    it('refuses a missing line, a duplicated line, a partial quantity, a repeated supplier and a stopped factory', async () => {
      const o = await example();
      const path = `/api/orders/${o.id}/split/confirm`;
      const [a, b] = o.items.map((i) => i.id);
      const cases: [object, unknown][] = [
        [
          { purchaseOrders: [{ supplierId: f.fabric, items: [{ itemId: a, quantity: 2 }] }] },
          [{ itemId: b, productName: '电机', problem: 'missing' }],
        ],
        [
          {
            purchaseOrders: [
              { supplierId: f.fabric, items: [{ itemId: a, quantity: 2 }] },
              {
                supplierId: f.finished,
                items: [
                  { itemId: b, quantity: 1 },
                  { itemId: a, quantity: 2 },
                ],
              },
            ],
          },
          [{ itemId: a, productName: '梦幻帘', problem: 'duplicate' }],
        ],
        [
          {
            purchaseOrders: [
              { supplierId: f.fabric, items: [{ itemId: a, quantity: 1 }] },
              { supplierId: f.finished, items: [{ itemId: b, quantity: 1 }] },
            ],
          },
          [{ itemId: a, productName: '梦幻帘', quantity: '2.00', requested: '1' }],
        ],
      ];
      for (const [body, details] of cases) {
        expect(
          expectFailure(await post(path, w.tokens.customerService, body), 400, 'SPLIT_INVALID').error.details,
        ).toEqual(details);
      }
      expectFailure(
        await post(
          path,
          w.tokens.customerService,
          confirmBody(o, [
            [f.fabric, [0]],
            [f.fabric, [1]],
          ]),
        ),
        400,
        'SPLIT_INVALID',
      );
      expectFailure(
        await post(path, w.tokens.customerService, confirmBody(o, [[f.stopped, [0, 1]]])),
        400,
        'SPLIT_INVALID',
      );
      const foreign = await example();
      expectFailure(
        await post(path, w.tokens.customerService, {
          purchaseOrders: [{ supplierId: f.fabric, items: [{ itemId: foreign.items[0].id, quantity: 2 }] }],
        }),
        400,
        'ORDER_ITEM_NOT_FOUND',
      );
      expectFailure(await post(path, w.tokens.customerService, { purchaseOrders: [] }), 400, 'VALIDATION_ERROR');
      expect((await order(o.id)).status).toBe('PENDING_PO');
      expect(await purchaseOrdersOf(o.id)).toEqual([]);
    });

    it('refuses while a cancel request waits for approval', async () => {
      const o = await example();
      await OrderCancelRequestModel.create({
        orderId: o.id,
        cancelType: 'FULL',
        cancelReason: '客户取消',
        orderStatus: 'PENDING_PO',
        status: 'PENDING',
        pendingOrderId: o.id,
        requestedBy: null,
      });
      expectFailure(
        await post(`/api/orders/${o.id}/split/confirm`, w.tokens.customerService, confirmBody(o, [[f.fabric, [0, 1]]])),
        400,
        'CANCEL_APPROVAL_REQUIRED',
      );
    });

    it('replays a repeated Idempotency-Key and refuses the key with another body', async () => {
      const o = await example();
      const body = confirmBody(o, [
        [f.fabric, [0]],
        [f.finished, [1]],
      ]);
      const send = (b: object) =>
        post(`/api/orders/${o.id}/split/confirm`, w.tokens.customerService, b).set('Idempotency-Key', `split-${o.id}`);
      const first = expectSuccess<{ purchaseOrderIds: number[] }>(await send(body));
      const again = await send(body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(expectSuccess(again)).toEqual(first);
      expect(await PurchaseOrderModel.count({ where: { orderId: o.id } })).toBe(2);
      expectFailure(await send({ ...body, totalShippingFee: 1 }), 422, 'IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('concurrency', () => {
    it('lets one of two simultaneous confirms win; the other answers ORDER_INVALID_STATUS', async () => {
      const o = await example();
      const body = confirmBody(o, [
        [f.fabric, [0]],
        [f.finished, [1]],
      ]);
      const answers = await Promise.all(
        [w.tokens.customerService, w.tokens.storeManager].map((token) =>
          post(`/api/orders/${o.id}/split/confirm`, token, body),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(answers.find((r) => r.status === 400)?.body.error.code).toBe('ORDER_INVALID_STATUS');
      expect((await purchaseOrdersOf(o.id)).map((po) => po.poNo)).toEqual([`${o.orderNo}-01`, `${o.orderNo}-02`]);
    });

    it('moves the order on when the last two purchase orders are received at the same time', async () => {
      const o = await example();
      const pos = await split(o);
      const answers = await Promise.all(
        pos.map((po) => post(`/api/purchase-orders/${po.id}/receive`, w.tokens.purchaser)),
      );
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect((await order(o.id)).status).toBe('PENDING_DELIVERY');
    });
  });

  describe('purchase order reads', () => {
    it('shows an order its purchase orders in the caller scope; another salesperson’s order is 404', async () => {
      const own = await example();
      await split(own);
      expect(await purchaseOrdersOf(own.id, w.tokens.sales)).toHaveLength(2);
      const quote = await t.http
        .post('/api/quotations')
        .set(as(w.tokens.manager))
        .send({
          quotationTitle: '主管的报价',
          customerId: w.otherCustomerId,
          customerContactId: w.otherContactId,
          validFrom: new Date().toISOString().slice(0, 10),
          validUntil: new Date(Date.now() + 86_400_000 * 30).toISOString().slice(0, 10),
          items: [{ productId: p.curtain, quantity: 1, actualPrice: '300' }],
        });
      const quoteId = expectSuccess<{ quotationId: number }>(quote).quotationId;
      for (const step of ['send', 'accept'])
        expectSuccess(await post(`/api/quotations/${quoteId}/${step}`, w.tokens.manager));
      const foreign = expectSuccess<{ id: number }>(
        await post('/api/orders', w.tokens.manager, {
          quoteId,
          ...PREPAID_PAYMENT,
          paymentAmount: '1',
          confirmationImg: 'https://oss.example.com/confirm.jpg',
        }),
      );
      expectFailure(await get(`/api/orders/${foreign.id}/purchase-orders`, w.tokens.sales), 404, 'ORDER_NOT_FOUND');
      expect(await purchaseOrdersOf(foreign.id, w.tokens.manager)).toEqual([]);
    });

    it('lists purchase orders newest first, filtered by factory, order and status, for purchasers', async () => {
      const o = await example();
      const pos = await split(o);
      const list = async (query: string) =>
        expectSuccess<{ list: PurchaseOrder[]; pagination: { total: number; pageSize: number } }>(
          await get(`/api/purchase-orders?${query}`, w.tokens.purchaser),
        );
      const byOrder = await list(`orderId=${o.id}`);
      expect(byOrder.list.map((po) => po.id)).toEqual([pos[1].id, pos[0].id]);
      expect(byOrder.pagination.total).toBe(2);
      const byFactory = await list(`orderId=${o.id}&factoryId=${f.finished}&status=IN_PRODUCTION`);
      expect(byFactory.list.map((po) => po.poNo)).toEqual([`${o.orderNo}-02`]);
      expect((await list(`orderId=${o.id}&status=RECEIVED`)).list).toEqual([]);
      const paged = await list('page=1&pageSize=1');
      expect(paged.list).toHaveLength(1);
      expect(paged.pagination.total).toBeGreaterThanOrEqual(2);
      expectFailure(await get('/api/purchase-orders', w.tokens.sales), 403, 'FORBIDDEN');
      expectFailure(await get('/api/purchase-orders?status=NOPE', w.tokens.purchaser), 400, 'VALIDATION_ERROR');
    });
  });

  describe('receiving', () => {
    it('receives per line and whole, then the order is ready to deliver when every line is in stock', async () => {
      const o = await orderWith([
        [p.curtain, 2, '300'],
        [p.screw, 5, '0.01'],
        [p.motor, 1, '800'],
      ]);
      expectSuccess(
        await post(`/api/orders/${o.id}/split/confirm`, w.tokens.customerService, {
          purchaseOrders: [
            {
              supplierId: f.fabric,
              items: [
                { itemId: o.items[0].id, quantity: 2 },
                { itemId: o.items[1].id, quantity: 5 },
              ],
            },
            { supplierId: f.finished, items: [{ itemId: o.items[2].id, quantity: 1 }] },
          ],
        }),
      );
      const [fabric, finished] = await purchaseOrdersOf(o.id);
      const receive = (id: number, body: object = {}, token = w.tokens.purchaser) =>
        post(`/api/purchase-orders/${id}/receive`, token, body);
      type Received = { purchaseOrder: PurchaseOrder; orderStatus: string };
      const one = expectSuccess<Received>(await receive(fabric.id, { itemIds: [o.items[0].id] }), '收货成功');
      expect(one.orderStatus).toBe('PENDING_PRODUCTION');
      expect(one.purchaseOrder.status).toBe('PARTIALLY_RECEIVED');
      expect(one.purchaseOrder.items.map((i) => i.received)).toEqual([true, false]);
      // Receiving the same line again changes nothing and is no error.
      const again = expectSuccess<Received>(await receive(fabric.id, { itemIds: [o.items[0].id] }));
      expect(again.purchaseOrder).toEqual(one.purchaseOrder);
      expectFailure(await receive(fabric.id, { itemIds: [o.items[2].id] }), 400, 'ORDER_ITEM_NOT_FOUND');
      const whole = expectSuccess<Received>(await receive(fabric.id));
      expect(whole.purchaseOrder.status).toBe('RECEIVED');
      expect(whole.purchaseOrder.receivedAt).not.toBeNull();
      expect(whole.orderStatus).toBe('PENDING_PRODUCTION');
      const mid = await order(o.id);
      expect(mid.items.map((i) => i.deliveryStatus)).toEqual(['IN_STOCK', 'IN_STOCK', 'ORDERED']);
      expect(mid.items[0].inStockAt).not.toBeNull();
      const last = expectSuccess<Received>(await receive(finished.id, { itemIds: [o.items[2].id] }));
      expect(last).toMatchObject({ orderStatus: 'PENDING_DELIVERY', purchaseOrder: { status: 'RECEIVED' } });
      expect((await order(o.id)).status).toBe('PENDING_DELIVERY');
      const events = await timeline(o.id);
      expect(events.filter((e) => e.type === 'goods_received')).toHaveLength(3);
      expect(events.at(-1)).toMatchObject({ fromStatus: 'PENDING_PRODUCTION', toStatus: 'PENDING_DELIVERY' });
      expect(events.at(-1)?.data).toMatchObject({ action: 'all_received' });
      expect(events.find((e) => e.type === 'goods_received')?.data).toMatchObject({
        purchaseOrderId: fabric.id,
        itemIds: [o.items[0].id],
        purchaseOrderStatus: 'PARTIALLY_RECEIVED',
      });
    });

    it('receives for a locked order, refuses a cancelled purchase order, and only for those allowed', async () => {
      const o = await example();
      const [fabric, finished] = await split(o);
      expectFailure(await post(`/api/purchase-orders/${fabric.id}/receive`, w.tokens.finance), 403, 'FORBIDDEN');
      expectFailure(
        await post('/api/purchase-orders/99999999/receive', w.tokens.purchaser),
        404,
        'PURCHASE_ORDER_NOT_FOUND',
      );
      expectSuccess(await post(`/api/orders/${o.id}/lock`, w.tokens.storeManager, { reason: '盘点' }));
      expectSuccess(await post(`/api/purchase-orders/${fabric.id}/receive`, w.tokens.storeManager));
      await PurchaseOrderModel.update({ status: 'CANCELLED' }, { where: { id: finished.id } });
      expectFailure(
        await post(`/api/purchase-orders/${finished.id}/receive`, w.tokens.purchaser),
        400,
        'PURCHASE_ORDER_WRONG_STATE',
      );
      expect((await order(o.id)).status).toBe('PENDING_PRODUCTION');
    });

    it('keeps a halted order HALTED when its goods arrive; resuming then makes it ready to deliver', async () => {
      const o = await example();
      const pos = await split(o);
      expectSuccess(
        await post(`/api/orders/${o.id}/halt`, w.tokens.storeManager, { haltedReason: '客户暂停', haltType: 'FULL' }),
      );
      for (const po of pos) {
        const res = expectSuccess<{ orderStatus: string }>(
          await post(`/api/purchase-orders/${po.id}/receive`, w.tokens.purchaser),
        );
        expect(res.orderStatus).toBe('HALTED');
      }
      expect((await order(o.id)).items.map((i) => i.deliveryStatus)).toEqual(['IN_STOCK', 'IN_STOCK']);
      const resumed = expectSuccess<{ status: string }>(
        await post(`/api/orders/${o.id}/resume`, w.tokens.storeManager, { resumeReason: '继续' }),
      );
      expect(resumed.status).toBe('PENDING_DELIVERY');
    });
  });
});
