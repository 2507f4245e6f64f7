import type { OrderStatus } from '@app/shared';
import { PurchaseOrderModel } from '@app/server/src/db/models';
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

interface Line {
  id: number;
  productId: number | null;
  productCode: string | null;
  productName: string;
  unitPrice: string;
  quantity: number;
  subtotal: string;
  deliveryStatus: string;
}
interface Detail {
  id: number;
  status: OrderStatus;
  totalAmount: string;
  cancelReason: string | null;
  cancelledBy: number | null;
  cancelledAt: string | null;
  closedAt: string | null;
  items: Line[];
}
interface ChangeRequest {
  id: number;
  status: string;
  priceDifference: string;
  originalItems: Record<string, unknown>[];
  newItems: Record<string, unknown>[];
  approvedBy: number | null;
  approvedByName: string | null;
  rejectionReason: string | null;
  appliedAt: string | null;
  [key: string]: unknown;
}
interface Event {
  type: string;
  note: string | null;
  data: Record<string, unknown> | null;
}

describe('order change and cancel requests (002 §7-8)', () => {
  let t: TestApp;
  let w: OrderWorld;
  let managerId: number;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    w = await buildOrderWorld(t);
    managerId = (await t.http.get('/api/auth/profile').set(as(w.tokens.storeManager))).body.data.id as number;
  });
  afterAll(() => t.close());

  /** host 2 × 1500.00 + panel 3 × 33.33 = 3099.99; owned by `sales`. */
  const order = async (extra: Record<string, unknown> = {}) => {
    const items = [
      { productId: w.products.host, quantity: 2, actualPrice: 1500 },
      { productId: w.products.panel, quantity: 3, actualPrice: '33.33' },
    ];
    const o = await newOrder(t, w, { quotation: { items }, order: { paymentAmount: 100, ...extra } });
    return { ...o, lines: (await detail(o.id)).items };
  };
  const detail = async (id: number, token = w.tokens.sales) =>
    expectSuccess<Detail>(await t.http.get(`/api/orders/${id}`).set(as(token)));
  const timeline = async (id: number) =>
    expectSuccess<Event[]>(await t.http.get(`/api/orders/${id}/timeline`).set(as(w.tokens.sales)));
  const requestChange = (id: number, body: Record<string, unknown>, token = w.tokens.sales) =>
    t.http
      .post(`/api/orders/${id}/change-requests`)
      .set(as(token))
      .send({ changeReason: '客户要求', ...body });
  const changes = async (id: number, token = w.tokens.sales) =>
    expectSuccess<{ items: ChangeRequest[] }>(await t.http.get(`/api/orders/${id}/change-requests`).set(as(token)))
      .items;
  const decide = (kind: 'change' | 'cancel', id: number, action: string, body: object = {}, token?: string) =>
    t.http
      .post(`/api/${kind}-requests/${id}/${action}`)
      .set(as(token ?? w.tokens.storeManager))
      .send(body);
  const cancel = (
    id: number,
    token = w.tokens.sales,
    body: object = { cancelReason: '客户取消订单', cancelType: 'FULL' },
  ) => t.http.post(`/api/orders/${id}/cancel`).set(as(token)).send(body);
  const moveTo = (id: number, status: OrderStatus) =>
    t.container.db.transaction(async (tx) => {
      const o = await t.container.orders.repository.findById(id, { kind: 'all' }, tx);
      if (!o || !(await t.container.orders.repository.transition(o, status, {}, tx))) throw new Error('move failed');
    });
  const lineOf = (o: { lines: Line[] }, productId: number) => {
    const line = o.lines.find((l) => l.productId === productId);
    if (!line) throw new Error('no line');
    return line;
  };

  describe('create (7.1)', () => {
    it('prices new lines exactly (33.33 × 3, 0.10 × 3, 33.33 × 2.5 half up, subtotal only) and answers 7.1', async () => {
      const o = await order();
      const res = await requestChange(o.id, {
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [
          { productName: '加装面板', quantity: 3, unitPrice: '33.33' },
          { productName: '螺丝', quantity: 3, unitPrice: 0.1 },
          { productName: '半件', quantity: '2.5', unitPrice: '33.33' },
          { productName: '按总价', quantity: 3, subtotal: 100 },
        ],
      });
      const created = expectSuccess<Record<string, unknown>>(res, '变更请求已提交，待店长审批');
      expect(Object.keys(created).sort()).toEqual(
        ['changeType', 'createdAt', 'id', 'orderId', 'orderNo', 'priceDifference', 'status'].sort(),
      );
      expect(created).toMatchObject({ orderNo: o.orderNo, changeType: 'ADD_ITEM', status: 'PENDING' });
      expect(created.priceDifference).toBe('283.62');
      const [listed] = await changes(o.id);
      expect(listed.newItems.map((l) => [l.unitPrice, l.subtotal])).toEqual([
        ['33.33', '99.99'],
        ['0.10', '0.30'],
        ['33.33', '83.33'],
        ['33.33', '100.00'],
      ]);
    });

    it('takes original lines from the database, not the client, and may be negative', async () => {
      const o = await order();
      const host = lineOf(o, w.products.host);
      const created = expectSuccess<ChangeRequest>(
        await requestChange(o.id, {
          changeType: 'MODIFY_ITEM',
          originalItems: [{ id: host.id, productName: '假的', quantity: 1, subtotal: 1 }],
          newItems: [{ productName: '智能客控主机标准版', quantity: 2, width: 3000, subtotal: '2984.50' }],
        }),
      );
      expect(created.priceDifference).toBe('-15.50');
      const [listed] = await changes(o.id);
      expect(listed.originalItems).toEqual([
        expect.objectContaining({ id: host.id, productName: '智能客控主机标准版', quantity: 2, subtotal: '3000.00' }),
      ]);
      // A same-named original lends the new line its product.
      expect(listed.newItems[0]).toMatchObject({
        productId: w.products.host,
        productCode: 'RCS-001',
        unitPrice: '1492.25',
        width: 3000,
      });
      expect(listed).toMatchObject({
        status: 'PENDING',
        approvedBy: null,
        approvedByName: null,
        priceDifference: '-15.50',
      });
    });

    it('refuses a body that does not fit its type with INVALID_CHANGE_TYPE', async () => {
      const o = await order();
      const panel = lineOf(o, w.products.panel);
      const line = { productName: '新', quantity: 1, unitPrice: 1 };
      for (const body of [
        { changeType: 'ADD_ITEM', originalItems: [{ id: panel.id }], newItems: [line] },
        { changeType: 'ADD_ITEM', originalItems: [], newItems: [] },
        { changeType: 'REMOVE_ITEM', originalItems: [{ id: panel.id }], newItems: [line] },
        { changeType: 'REMOVE_ITEM', originalItems: [{ productName: '无 id' }], newItems: [] },
        { changeType: 'MODIFY_ITEM', originalItems: [{ id: panel.id }], newItems: [] },
        { changeType: 'MODIFY_ITEM', originalItems: [{ id: panel.id }, { id: panel.id }], newItems: [line] },
      ]) {
        const failure = expectFailure(await requestChange(o.id, body), 400, 'INVALID_CHANGE_TYPE');
        expect(failure.message).not.toBe('无效的变更类型');
      }
      const all = o.lines.map((l) => ({ id: l.id }));
      const removeAll = await requestChange(o.id, { changeType: 'REMOVE_ITEM', originalItems: all, newItems: [] });
      expect(expectFailure(removeAll, 400, 'INVALID_CHANGE_TYPE').message).toContain('撤单');
      expectFailure(
        await requestChange(o.id, { changeType: 'SWAP', originalItems: [], newItems: [line] }),
        400,
        'VALIDATION_ERROR',
      );
      const unpriced = await requestChange(o.id, {
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ quantity: 1 }],
      });
      expect(expectFailure(unpriced, 400, 'VALIDATION_ERROR').error.details).toEqual([
        { field: 'newItems.0.productName', message: '请填写商品名称' },
        { field: 'newItems.0.subtotal', message: '请填写小计或单价' },
      ]);
      expect(await changes(o.id)).toEqual([]);
    });

    it('refuses lines that are not current lines of this order (ORDER_ITEM_NOT_FOUND)', async () => {
      const [a, b] = [await order(), await order()];
      const foreign = { changeType: 'REMOVE_ITEM', originalItems: [{ id: b.lines[0].id }], newItems: [] };
      expectFailure(await requestChange(a.id, foreign), 400, 'ORDER_ITEM_NOT_FOUND');
    });

    it('takes product fields from a given productId; unknown or unlisted products are refused', async () => {
      const o = await order();
      const add = (productId: number) => ({
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ productId, productName: '新产品', quantity: 1, unitPrice: '0.01' }],
      });
      expectFailure(await requestChange(o.id, add(999_999)), 400, 'PRODUCT_INVALID');
      expectFailure(await requestChange(o.id, add(w.products.draft)), 400, 'PRODUCT_NOT_AVAILABLE');
      expectSuccess(await requestChange(o.id, add(w.products.cheap)));
      const [listed] = await changes(o.id);
      expect(listed.newItems[0]).toMatchObject({
        productId: w.products.cheap,
        productCode: 'SCR-003',
        subtotal: '0.01',
      });
    });

    it('only in PENDING_PO and PENDING_CONFIRMATION; a locked order refuses (ORDER_LOCKED)', async () => {
      const add = {
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ productName: '新', quantity: 1, subtotal: 5 }],
      };
      const drawing = await order({ requiresDrawingConfirmation: true });
      expect(drawing.status).toBe('PENDING_CONFIRMATION');
      expectSuccess(await requestChange(drawing.id, add));
      const producing = await order();
      await moveTo(producing.id, 'PENDING_PRODUCTION');
      expectFailure(await requestChange(producing.id, add), 400, 'ORDER_INVALID_STATUS');
      const locked = await order();
      expectSuccess(
        await t.http.post(`/api/orders/${locked.id}/lock`).set(as(w.tokens.storeManager)).send({ reason: '对账' }),
      );
      expectFailure(await requestChange(locked.id, add), 400, 'ORDER_LOCKED');
    });

    it('allows one pending request per order, also under concurrency (409 REQUEST_ALREADY_PENDING)', async () => {
      const o = await order();
      const add = (n: number) => ({
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ productName: `并发${n}`, quantity: 1, subtotal: 1 }],
      });
      const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => requestChange(o.id, add(n))));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of answers.filter((x) => x.status !== 200)) expectFailure(r, 409, 'REQUEST_ALREADY_PENDING');
      const [pending] = await changes(o.id);
      expectFailure(await requestChange(o.id, add(99)), 409, 'REQUEST_ALREADY_PENDING');
      expectSuccess(await decide('change', pending.id, 'reject', { rejectionReason: '重复' }));
      expectSuccess(await requestChange(o.id, add(100)));
    });
  });

  describe('approve and reject (7.3, 7.4)', () => {
    it('applies an approved change: lines, total, appliedAt, timeline, approvedByName', async () => {
      const o = await order();
      const host = lineOf(o, w.products.host);
      const panel = lineOf(o, w.products.panel);
      const created = expectSuccess<ChangeRequest>(
        await requestChange(o.id, {
          changeType: 'MODIFY_ITEM',
          originalItems: [{ id: host.id }],
          newItems: [
            { productId: w.products.host, productName: '主机（改）', quantity: 1, subtotal: '2984.50' },
            { productName: '加装面板', quantity: 3, unitPrice: '33.33' },
          ],
        }),
      );
      expect(created.priceDifference).toBe('84.49');
      const approved = expectSuccess<Record<string, unknown>>(await decide('change', created.id, 'approve', {}));
      expect(approved).toEqual({
        id: created.id,
        status: 'APPROVED',
        approvedBy: managerId,
        approvedAt: expect.any(String),
        appliedAt: expect.any(String),
      });
      const after = await detail(o.id);
      expect(after.totalAmount).toBe('3184.48');
      expect(after.items.map((i) => [i.productName, i.subtotal, i.deliveryStatus])).toEqual([
        [panel.productName, '99.99', 'PENDING'],
        ['主机（改）', '2984.50', 'PENDING'],
        ['加装面板', '99.99', 'PENDING'],
      ]);
      expect(after.items[1]).toMatchObject({
        productId: w.products.host,
        productCode: 'RCS-001',
        unitPrice: '2984.50',
      });
      const [listed] = await changes(o.id);
      expect(listed).toMatchObject({ status: 'APPROVED', approvedBy: managerId, approvedByName: '演示店长' });
      expect(listed.appliedAt).toBe(approved.appliedAt);
      const events = await timeline(o.id);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['change_requested', 'change_approved']));
      expect(events.find((e) => e.type === 'change_approved')?.data).toMatchObject({
        changeRequestId: created.id,
        priceDifference: '84.49',
        totalBefore: '3099.99',
        totalAfter: '3184.48',
      });
      expectFailure(await decide('change', created.id, 'approve'), 400, 'CHANGE_REQUEST_ALREADY_PROCESSED');
      expectFailure(
        await decide('change', created.id, 'reject', { rejectionReason: '晚了' }),
        400,
        'CHANGE_REQUEST_ALREADY_PROCESSED',
      );
    });

    it('rejects with a reason (also as approved=false); the order stays as it was', async () => {
      const o = await order();
      const remove = {
        changeType: 'REMOVE_ITEM',
        originalItems: [{ id: lineOf(o, w.products.panel).id }],
        newItems: [],
      };
      const first = expectSuccess<ChangeRequest>(await requestChange(o.id, remove));
      expect(first.priceDifference).toBe('-99.99');
      expectFailure(await decide('change', first.id, 'approve', { approved: false }), 400, 'VALIDATION_ERROR');
      expectFailure(await decide('change', first.id, 'reject', {}), 400, 'VALIDATION_ERROR');
      const rejected = expectSuccess<Record<string, unknown>>(
        await decide('change', first.id, 'reject', { rejectionReason: '不符合业务规则' }),
      );
      expect(rejected).toEqual({
        id: first.id,
        status: 'REJECTED',
        rejectedBy: managerId,
        rejectedAt: expect.any(String),
        rejectionReason: '不符合业务规则',
      });
      expectFailure(await decide('change', first.id, 'approve'), 400, 'CHANGE_REQUEST_ALREADY_PROCESSED');
      const second = expectSuccess<ChangeRequest>(await requestChange(o.id, remove));
      const viaApprove = await decide('change', second.id, 'approve', { approved: false, rejectionReason: '再议' });
      expect(expectSuccess<Record<string, unknown>>(viaApprove)).toMatchObject({
        status: 'REJECTED',
        rejectionReason: '再议',
      });
      const after = await detail(o.id);
      expect(after.totalAmount).toBe('3099.99');
      expect(after.items).toHaveLength(2);
      const listed = await changes(o.id);
      expect(listed.map((c) => [c.id, c.status, c.rejectionReason])).toEqual([
        [second.id, 'REJECTED', '再议'],
        [first.id, 'REJECTED', '不符合业务规则'],
      ]);
      const rejections = (await timeline(o.id)).filter((e) => e.type === 'change_rejected');
      expect(rejections.map((e) => e.note)).toEqual(['不符合业务规则', '再议']);
    });

    it('applies a change once under 20 parallel approvals', async () => {
      const o = await order();
      const created = expectSuccess<ChangeRequest>(
        await requestChange(o.id, {
          changeType: 'ADD_ITEM',
          originalItems: [],
          newItems: [{ productName: '并发面板', quantity: 3, unitPrice: '33.33' }],
        }),
      );
      const answers = await Promise.all(Array.from({ length: 20 }, () => decide('change', created.id, 'approve')));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      const losers = answers.filter((r) => r.status !== 200);
      expect(losers).toHaveLength(19);
      for (const r of losers) expectFailure(r, 400, 'CHANGE_REQUEST_ALREADY_PROCESSED');
      const after = await detail(o.id);
      expect(after.totalAmount).toBe('3199.98');
      expect(after.items.filter((i) => i.productName === '并发面板')).toHaveLength(1);
      expect((await timeline(o.id)).filter((e) => e.type === 'change_approved')).toHaveLength(1);
    });

    it('refuses to apply when the order moved on or got locked; the request stays PENDING', async () => {
      const add = {
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ productName: '新', quantity: 1, subtotal: 5 }],
      };
      const moved = await order();
      const a = expectSuccess<ChangeRequest>(await requestChange(moved.id, add));
      await moveTo(moved.id, 'PENDING_PRODUCTION');
      expectFailure(await decide('change', a.id, 'approve'), 400, 'ORDER_INVALID_STATUS');
      expect((await changes(moved.id))[0].status).toBe('PENDING');
      const locked = await order();
      const b = expectSuccess<ChangeRequest>(await requestChange(locked.id, add));
      const lockUrl = `/api/orders/${locked.id}`;
      expectSuccess(await t.http.post(`${lockUrl}/lock`).set(as(w.tokens.storeManager)).send({ reason: '对账' }));
      expectFailure(await decide('change', b.id, 'approve'), 400, 'ORDER_LOCKED');
      expect((await changes(locked.id))[0].status).toBe('PENDING');
      expectSuccess(await t.http.post(`${lockUrl}/unlock`).set(as(w.tokens.storeManager)).send({ reason: '完成' }));
      expectSuccess(await decide('change', b.id, 'approve'));
      expect((await detail(locked.id)).totalAmount).toBe('3104.99');
    });

    it('answers 404 for a missing request and 403 to those without orders.approve', async () => {
      expectFailure(await decide('change', 999_999, 'approve'), 404, 'CHANGE_REQUEST_NOT_FOUND');
      expectFailure(
        await decide('change', 999_999, 'reject', { rejectionReason: 'x' }),
        404,
        'CHANGE_REQUEST_NOT_FOUND',
      );
      const o = await order();
      const add = {
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ productName: '新', quantity: 1, subtotal: 5 }],
      };
      const created = expectSuccess<ChangeRequest>(await requestChange(o.id, add));
      for (const token of [w.tokens.sales, w.tokens.customerService, w.tokens.finance]) {
        expectFailure(await decide('change', created.id, 'approve', {}, token), 403, 'FORBIDDEN');
      }
      expectFailure(await requestChange(o.id, add, w.tokens.customerService), 403, 'FORBIDDEN');
      expect(await changes(o.id, w.tokens.finance)).toHaveLength(1);
    });
  });

  describe('cancel (8.1)', () => {
    it('cancels a PENDING_PO order at once and closes its pending change request', async () => {
      const o = await order();
      const add = {
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ productName: '新', quantity: 1, subtotal: 5 }],
      };
      const change = expectSuccess<ChangeRequest>(await requestChange(o.id, add));
      const result = expectSuccess<Record<string, unknown>>(await cancel(o.id), '撤单成功');
      expect(result).toEqual({
        id: o.id,
        status: 'CANCELLED',
        cancelReason: '客户取消订单',
        cancelledBy: w.salesUserId,
        cancelledAt: expect.any(String),
        approvalRequired: false,
        cancelRequestId: null,
      });
      const after = await detail(o.id);
      expect(after).toMatchObject({ status: 'CANCELLED', cancelReason: '客户取消订单', cancelledBy: w.salesUserId });
      expect(after.closedAt).toBe(result.cancelledAt);
      expect((await timeline(o.id)).find((e) => e.type === 'cancelled')).toMatchObject({ note: '客户取消订单' });
      expect((await changes(o.id))[0]).toMatchObject({ id: change.id, status: 'REJECTED' });
      expectFailure(await decide('change', change.id, 'approve'), 400, 'CHANGE_REQUEST_ALREADY_PROCESSED');
      expectFailure(await cancel(o.id), 400, 'CANNOT_CANCEL_ORDER');
    });

    it('turns a cancel of a producing order into a request; approval cancels it and its open purchase orders', async () => {
      const o = await order();
      await moveTo(o.id, 'PENDING_PRODUCTION');
      const po = (poNo: string, status: string) =>
        t.container.db.transaction((tx) =>
          PurchaseOrderModel.create(
            {
              poNo,
              orderId: o.id,
              factoryId: 1,
              status,
              subtotal: '10.00',
              shippingFee: '0.00',
              total: '10.00',
              createdBy: null,
            },
            { transaction: tx },
          ),
        );
      const open = await po(`PO-T-${o.id}-1`, 'IN_PRODUCTION');
      const received = await po(`PO-T-${o.id}-2`, 'RECEIVED');
      const requested = expectSuccess<Record<string, unknown>>(await cancel(o.id), '撤单申请已提交，待店长审批');
      expect(requested).toMatchObject({
        id: o.id,
        status: 'PENDING_PRODUCTION',
        approvalRequired: true,
        cancelledBy: null,
        cancelledAt: null,
        cancelRequestId: expect.any(Number),
      });
      expect((await detail(o.id)).status).toBe('PENDING_PRODUCTION');
      expectFailure(await cancel(o.id), 409, 'REQUEST_ALREADY_PENDING');
      const requestId = requested.cancelRequestId as number;
      expectFailure(await decide('cancel', requestId, 'approve', {}, w.tokens.sales), 403, 'FORBIDDEN');
      const approvals = await Promise.all(Array.from({ length: 5 }, () => decide('cancel', requestId, 'approve')));
      const [won] = approvals.filter((r) => r.status === 200);
      for (const r of approvals.filter((x) => x !== won)) expectFailure(r, 400, 'CANCEL_REQUEST_ALREADY_PROCESSED');
      expect(expectSuccess(won)).toEqual({
        id: requestId,
        status: 'APPROVED',
        approvedBy: managerId,
        approvedAt: expect.any(String),
        orderId: o.id,
        orderStatus: 'CANCELLED',
        cancelledPurchaseOrderIds: [Number(open.id)],
      });
      expect(await detail(o.id)).toMatchObject({
        status: 'CANCELLED',
        cancelReason: '客户取消订单',
        cancelledBy: managerId,
      });
      const statuses = await PurchaseOrderModel.findAll({ where: { orderId: o.id }, order: [['id', 'ASC']] });
      expect(statuses.map((p) => [Number(p.id), p.status, p.cancelledAt !== null])).toEqual([
        [Number(open.id), 'CANCELLED', true],
        [Number(received.id), 'RECEIVED', false],
      ]);
      const list = await t.http.get(`/api/orders/${o.id}/cancel-requests`).set(as(w.tokens.sales));
      expect(expectSuccess<{ items: Record<string, unknown>[] }>(list).items).toEqual([
        expect.objectContaining({
          id: requestId,
          orderNo: o.orderNo,
          cancelType: 'FULL',
          orderStatus: 'PENDING_PRODUCTION',
          status: 'APPROVED',
          requestedBy: w.salesUserId,
          approvedByName: '演示店长',
        }),
      ]);
      const types = (await timeline(o.id)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['cancel_requested', 'cancel_approved']));
    });

    it('rejects a cancel request of a halted order, which stays halted; a new request may follow', async () => {
      const o = await order();
      const halt = { haltedReason: '客户暂停', haltType: 'FULL' };
      expectSuccess(await t.http.post(`/api/orders/${o.id}/halt`).set(as(w.tokens.storeManager)).send(halt));
      const first = expectSuccess<{ cancelRequestId: number; status: string }>(await cancel(o.id));
      expect(first.status).toBe('HALTED');
      const rejected = await decide('cancel', first.cancelRequestId, 'reject', { rejectionReason: '继续生产' });
      expect(expectSuccess(rejected)).toMatchObject({ status: 'REJECTED', rejectionReason: '继续生产' });
      expectFailure(await decide('cancel', first.cancelRequestId, 'approve'), 400, 'CANCEL_REQUEST_ALREADY_PROCESSED');
      expect((await detail(o.id)).status).toBe('HALTED');
      expect((await timeline(o.id)).find((e) => e.type === 'cancel_rejected')).toMatchObject({ note: '继续生产' });
      const second = expectSuccess<{ cancelRequestId: number }>(await cancel(o.id));
      const viaApprove = await decide('cancel', second.cancelRequestId, 'approve', {
        approved: false,
        rejectionReason: '不撤',
      });
      expect(expectSuccess(viaApprove)).toMatchObject({ status: 'REJECTED' });
    });

    it('keeps the request PENDING when the order left the cancellable states before approval', async () => {
      const o = await order();
      await moveTo(o.id, 'PENDING_SHIPMENT');
      const { cancelRequestId } = expectSuccess<{ cancelRequestId: number }>(await cancel(o.id));
      await moveTo(o.id, 'SHIPPED');
      expectFailure(await decide('cancel', cancelRequestId, 'approve'), 400, 'ORDER_INVALID_STATUS');
      const list = await t.http.get(`/api/orders/${o.id}/cancel-requests`).set(as(w.tokens.sales));
      expect(expectSuccess<{ items: { status: string }[] }>(list).items[0].status).toBe('PENDING');
      expect((await detail(o.id)).status).toBe('SHIPPED');
    });

    it('refuses shipped, delivered, completed orders (CANNOT_CANCEL_ORDER) and locked ones (ORDER_LOCKED)', async () => {
      for (const status of ['SHIPPED', 'DELIVERED', 'COMPLETED'] as const) {
        const o = await order();
        await moveTo(o.id, status);
        expectFailure(await cancel(o.id), 400, 'CANNOT_CANCEL_ORDER');
      }
      const locked = await order();
      expectSuccess(
        await t.http.post(`/api/orders/${locked.id}/lock`).set(as(w.tokens.storeManager)).send({ reason: '对账' }),
      );
      expectFailure(await cancel(locked.id), 400, 'ORDER_LOCKED');
      expectFailure(await cancel(locked.id, w.tokens.sales, { cancelType: 'FULL' }), 400, 'VALIDATION_ERROR');
    });

    it('checks permission and scope: customer service and finance may not cancel; sales see only their orders', async () => {
      const o = await order();
      expectFailure(await cancel(o.id, w.tokens.customerService), 403, 'FORBIDDEN');
      expectFailure(await cancel(o.id, w.tokens.finance), 403, 'FORBIDDEN');
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
      const add = {
        changeType: 'ADD_ITEM',
        originalItems: [],
        newItems: [{ productName: '新', quantity: 1, subtotal: 5 }],
      };
      expectFailure(await cancel(foreign), 404, 'ORDER_NOT_FOUND');
      expectFailure(await requestChange(foreign, add), 404, 'ORDER_NOT_FOUND');
      expectFailure(
        await t.http.get(`/api/orders/${foreign}/change-requests`).set(as(w.tokens.sales)),
        404,
        'ORDER_NOT_FOUND',
      );
      expectFailure(
        await t.http.get(`/api/orders/${foreign}/cancel-requests`).set(as(w.tokens.sales)),
        404,
        'ORDER_NOT_FOUND',
      );
      expectSuccess(await requestChange(foreign, add, w.tokens.storeManager));
      expectFailure(await decide('cancel', 999_999, 'approve'), 404, 'CANCEL_REQUEST_NOT_FOUND');
    });
  });
});
