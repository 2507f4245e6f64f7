import { ContractItemModel, ShipmentModel } from '@app/server/src/db/models';
import { ShipmentsRepository } from '@app/server/src/modules/shipments/shipments.repository';
import { fromCents, multiplyMoney, toCents } from '@app/server/src/platform/money';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface ShipmentItem {
  itemId: number;
  contractItemId: number;
  productId: number;
  productName: string;
  contractQuantity: number;
  alreadyShippedQuantity: number;
  thisShipmentQuantity: number;
  remainingQuantity: number;
  unitPrice: string;
  subtotal: string;
}
interface Shipment {
  shipmentId: number;
  shipmentNo: string;
  shipmentTitle: string;
  contractId: number;
  contractNo: string | null;
  customerId: number;
  customerName: string | null;
  status: string;
  shipmentAmount: string;
  logisticsCompany: string | null;
  logisticsCompanyCode: string | null;
  trackingNo: string | null;
  shippingAddress: string;
  contactPerson: string;
  contactPhone: string;
  plannedShipDate: string | null;
  actualShipDate: string | null;
  estimatedDeliveryDate: string | null;
  actualDeliveryDate: string | null;
  notes: string | null;
  signNotes: string | null;
  cancelReason: string | null;
  items: ShipmentItem[];
  logs: { action: string; fromStatus: string | null; toStatus: string; note: string | null }[];
}
interface Contract {
  contractId: number;
  contractNo: string;
  status: string;
  shippedAmount: string;
  warrantyTerms: Record<string, string | null>;
  items: { itemId: number; productId: number; quantity: number; unitPrice: string; shippedQuantity: number }[];
}
interface Page<T> {
  list: T[];
  pagination: { page: number; pageSize: number; total: number; totalPages: number };
}
interface Line {
  productId: number;
  quantity: number;
  unitPrice: string;
}

describe('shipments (004 §9)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  let ops: string;
  let store: string;
  const clock = new FakeClock(Date.parse('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
    ops = await t.login('ops', 'ops123');
    store = await t.login('store_manager', 'store_manager123');
  }, 30_000);
  afterAll(() => t.close());

  /** A signed contract with the given lines (its amount is their sum), warranty from delivery. */
  const signedContract = async (
    lines: Line[],
    opts: { customerId?: number; warrantyStartType?: 'delivery' | 'signing'; sign?: boolean } = {},
  ): Promise<Contract> => {
    const amount = fromCents(lines.reduce((s, l) => s + toCents(multiplyMoney(l.unitPrice, l.quantity)), 0n));
    const created = await t.http
      .post('/api/contracts')
      .set(as(w.tokens.manager))
      .send({
        contractTitle: 'XX酒店智能客控系统采购合同',
        customerId: opts.customerId ?? w.customerId,
        contractAmount: amount,
        paymentTerms: [{ stage: '全款', paymentRatio: 100, paymentAmount: amount, planDate: '2026-12-01' }],
        warrantyTerms: { warrantyPeriod: '12个月', warrantyStartType: opts.warrantyStartType ?? 'delivery' },
        items: lines,
      });
    const c = expectSuccess<Contract>(created);
    if (opts.sign !== false) {
      expectSuccess(
        await t.http
          .put(`/api/contracts/${c.contractId}/sign`)
          .set(as(w.tokens.manager))
          .send({ signedDate: '2026-11-18' }),
      );
    }
    return contract(c.contractId);
  };
  const contract = async (id: number) =>
    expectSuccess<Contract>(await t.http.get(`/api/contracts/${id}`).set(as(w.tokens.manager)));

  const shipmentBody = (c: Contract, quantities: number[], extra: Record<string, unknown> = {}) => ({
    shipmentTitle: 'XX酒店智能客控系统发货单',
    contractId: c.contractId,
    shippingAddress: '广东省深圳市南山区XX路XX号XX酒店',
    contactPerson: '李经理',
    contactPhone: '13800138000',
    plannedShipDate: '2026-11-22',
    items: quantities
      .map((q, i) => ({ contractItemId: c.items[i].itemId, productId: c.items[i].productId, thisShipmentQuantity: q }))
      .filter((item) => item.thisShipmentQuantity > 0),
    notes: '客户要求春节前到货',
    ...extra,
  });
  const create = (body: object, token = ops) => t.http.post('/api/shipments').set(as(token)).send(body);
  const created = async (c: Contract, quantities: number[], extra: Record<string, unknown> = {}) =>
    expectSuccess<Shipment>(await create(shipmentBody(c, quantities, extra)), '创建成功');
  const get = async (id: number, token = ops) =>
    expectSuccess<Shipment>(await t.http.get(`/api/shipments/${id}`).set(as(token)));
  const put = (id: number, action: string, body: object, token = ops) =>
    t.http
      .put(`/api/shipments/${id}${action ? `/${action}` : ''}`)
      .set(as(token))
      .send(body);
  const confirm = (id: number, body: object = {}, token = ops) =>
    put(
      id,
      'confirm',
      { logisticsCompany: 'SF', trackingNo: 'SF1234567890', actualShipDate: '2026-11-20', ...body },
      token,
    );
  const list = async (query: string, token = ops) =>
    expectSuccess<Page<Shipment>>(await t.http.get(`/api/shipments${query}`).set(as(token)));

  describe('create (9.1) and detail (9.3)', () => {
    it('ships part of a contract, with already/this/remaining per line, and keeps the contract amount exact', async () => {
      const c = await signedContract([
        { productId: w.products.host, quantity: 100, unitPrice: '1400.00' },
        { productId: w.products.panel, quantity: 7, unitPrice: '33.33' },
      ]);
      const first = await created(c, [60, 3]);
      expect(first.shipmentNo).toMatch(/^SHIP-2026-\d{3}$/);
      expect(first).toMatchObject({
        status: 'draft',
        contractId: c.contractId,
        contractNo: c.contractNo,
        customerId: w.customerId,
        shipmentAmount: '84099.99',
        shipmentTitle: 'XX酒店智能客控系统发货单',
        plannedShipDate: '2026-11-22',
        logisticsCompany: null,
      });
      expect(first.customerName).toEqual(expect.any(String));
      expect(
        first.items.map((i) => [
          i.contractQuantity,
          i.alreadyShippedQuantity,
          i.thisShipmentQuantity,
          i.remainingQuantity,
        ]),
      ).toEqual([
        [100, 0, 60, 40],
        [7, 0, 3, 4],
      ]);
      expect(first.items[1]).toMatchObject({ unitPrice: '33.33', subtotal: '99.99', productId: w.products.panel });
      expect(first.logs).toEqual([expect.objectContaining({ action: 'create', fromStatus: null, toStatus: 'draft' })]);

      const second = await created(c, [40, 4]);
      expect(second.items.map((i) => [i.alreadyShippedQuantity, i.thisShipmentQuantity, i.remainingQuantity])).toEqual([
        [60, 40, 0],
        [3, 4, 0],
      ]);
      expect(second.shipmentAmount).toBe('56133.32');
      expect(second.shipmentNo).not.toBe(first.shipmentNo);

      const after = await contract(c.contractId);
      expect(after.items.map((i) => i.shippedQuantity)).toEqual([100, 7]);
      // Σ shipped quantity × unit price = 140000.00 + 233.31
      expect(after.shippedAmount).toBe('140233.31');
      const progress = expectSuccess<{ shippedAmount: string; shippedProgress: number }>(
        await t.http.get(`/api/contracts/${c.contractId}/progress`).set(as(w.tokens.manager)),
      );
      expect(progress).toMatchObject({ shippedAmount: '140233.31', shippedProgress: 100 });

      // Nothing left: any further unit is refused, naming the line.
      const none = expectFailure(await create(shipmentBody(c, [1])), 422, 'SHIPMENT_QUANTITY_EXCEEDED');
      expect(none.error.details).toEqual([{ field: 'items.0.thisShipmentQuantity', message: '该产品已全部安排发货' }]);
    });

    it('refuses more than what is left, lines of another contract, a wrong product, and bad input (400 naming the field)', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 10, unitPrice: '1400.00' }]);
      const other = await signedContract([{ productId: w.products.panel, quantity: 5, unitPrice: '33.33' }]);
      await created(c, [4]);
      const over = expectFailure(await create(shipmentBody(c, [7])), 422, 'SHIPMENT_QUANTITY_EXCEEDED');
      expect(over.error.details).toEqual([{ field: 'items.0.thisShipmentQuantity', message: '超过剩余可发数量 6' }]);

      const foreignLine = shipmentBody(c, [1]);
      foreignLine.items = [
        { contractItemId: other.items[0].itemId, productId: other.items[0].productId, thisShipmentQuantity: 1 },
      ];
      const bad = expectFailure(await create(foreignLine), 400, 'SHIPMENT_ITEM_INVALID');
      expect(bad.error.details).toEqual([expect.objectContaining({ field: 'items.0.contractItemId' })]);

      const wrongProduct = shipmentBody(c, [1]);
      wrongProduct.items[0].productId = w.products.panel;
      expect(expectFailure(await create(wrongProduct), 400, 'SHIPMENT_ITEM_INVALID').error.details).toEqual([
        expect.objectContaining({ field: 'items.0.productId' }),
      ]);

      const twice = shipmentBody(c, [1]);
      twice.items = [twice.items[0], twice.items[0]];
      expect(expectFailure(await create(twice), 400, 'VALIDATION_ERROR').message).toContain('items.1.contractItemId');
      expect(
        expectFailure(await create(shipmentBody(c, [1], { shippingAddress: ' ' })), 400, 'VALIDATION_ERROR').message,
      ).toContain('shippingAddress');
      expect(
        expectFailure(await create({ ...shipmentBody(c, [1]), items: [] }), 400, 'VALIDATION_ERROR').message,
      ).toContain('items');
      const zero = shipmentBody(c, [1]);
      zero.items[0].thisShipmentQuantity = 0;
      expectFailure(await create(zero), 400, 'VALIDATION_ERROR');
      const fraction = shipmentBody(c, [1]);
      fraction.items[0].thisShipmentQuantity = 1.5;
      expectFailure(await create(fraction), 400, 'VALIDATION_ERROR');
      expectFailure(await create(shipmentBody(c, [1], { contactPhone: 'abc' })), 400, 'VALIDATION_ERROR');
      expectFailure(await create(shipmentBody(c, [1], { plannedShipDate: '2026-02-30' })), 400, 'VALIDATION_ERROR');
      expectFailure(await create(shipmentBody(c, [1], { contractId: 999_999 })), 400, 'SHIPMENT_CONTRACT_INVALID');

      // Nothing of the refused attempts was taken.
      expect((await contract(c.contractId)).items[0].shippedQuantity).toBe(4);
      expect((await contract(c.contractId)).shippedAmount).toBe('5600.00');
    });

    it('ships only signed contracts, and names the title after the contract when none is given', async () => {
      const draft = await signedContract([{ productId: w.products.host, quantity: 2, unitPrice: '10.00' }], {
        sign: false,
      });
      expectFailure(await create(shipmentBody(draft, [1])), 422, 'SHIPMENT_CONTRACT_WRONG_STATE');
      const c = await signedContract([{ productId: w.products.host, quantity: 2, unitPrice: '10.00' }]);
      const s = await created(c, [1], { shipmentTitle: undefined, plannedShipDate: undefined, notes: undefined });
      expect(s.shipmentTitle).toBe('XX酒店智能客控系统采购合同发货单');
      expect(s).toMatchObject({ plannedShipDate: null, notes: null });
    });

    it('answers 404 for a shipment that does not exist', async () => {
      expectFailure(await t.http.get('/api/shipments/999999').set(as(ops)), 404, 'SHIPMENT_NOT_FOUND');
      expectFailure(await t.http.get('/api/shipments/abc').set(as(ops)), 400, 'VALIDATION_ERROR');
    });
  });

  describe('list (9.2) and data scope', () => {
    let own: Shipment;
    let foreign: Shipment;
    let ownContract: Contract;

    beforeAll(async () => {
      ownContract = await signedContract([{ productId: w.products.host, quantity: 50, unitPrice: '100.00' }]);
      const foreignContract = await signedContract(
        [{ productId: w.products.host, quantity: 50, unitPrice: '100.00' }],
        {
          customerId: w.otherCustomerId,
        },
      );
      own = await created(ownContract, [5], { plannedShipDate: '2026-12-05' });
      foreign = await created(foreignContract, [5], { plannedShipDate: '2026-12-06' });
    });

    it('filters by contract, customer, status and ship date; newest first', async () => {
      const byContract = await list(`?contractId=${ownContract.contractId}`);
      expect(byContract.list.map((s) => s.shipmentId)).toEqual([own.shipmentId]);
      expect(byContract.list[0]).toMatchObject({
        contractNo: ownContract.contractNo,
        shipmentAmount: '500.00',
        status: 'draft',
      });
      expect(byContract.pagination).toEqual({ page: 1, pageSize: 20, total: 1, totalPages: 1 });
      const byCustomer = await list(`?customerId=${w.otherCustomerId}`);
      expect(byCustomer.list.map((s) => s.shipmentId)).toContain(foreign.shipmentId);
      expect(byCustomer.list.every((s) => s.customerId === w.otherCustomerId)).toBe(true);
      const byDate = await list('?startDate=2026-12-05&endDate=2026-12-05');
      expect(byDate.list.map((s) => s.shipmentId)).toEqual([own.shipmentId]);
      const drafts = await list('?status=draft&pageSize=100');
      expect(drafts.list.every((s) => s.status === 'draft')).toBe(true);
      const all = await list('?pageSize=100');
      const ids = all.list.map((s) => s.shipmentId);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expectFailure(await t.http.get('/api/shipments?status=lost').set(as(ops)), 400, 'VALIDATION_ERROR');
      expectFailure(await t.http.get('/api/shipments?startDate=2026-13-01').set(as(ops)), 400, 'VALIDATION_ERROR');
    });

    it('sales see the shipments of their own customers only; others look missing', async () => {
      const mine = await list('?pageSize=100', w.tokens.sales);
      expect(mine.list.map((s) => s.shipmentId)).toContain(own.shipmentId);
      expect(mine.list.every((s) => s.customerId === w.customerId)).toBe(true);
      expect((await get(own.shipmentId, w.tokens.sales)).shipmentId).toBe(own.shipmentId);
      expectFailure(
        await t.http.get(`/api/shipments/${foreign.shipmentId}`).set(as(w.tokens.sales)),
        404,
        'SHIPMENT_NOT_FOUND',
      );
      // Reading is not handling: sales and store managers may not create or confirm.
      expectFailure(await create(shipmentBody(ownContract, [1]), w.tokens.sales), 403, 'FORBIDDEN');
      expectFailure(await confirm(own.shipmentId, {}, store), 403, 'FORBIDDEN');
      expect((await get(foreign.shipmentId, store)).shipmentId).toBe(foreign.shipmentId);
    });
  });

  describe('state changes (9.4-9.8)', () => {
    it('edits only a draft (9.4), and only its own fields', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 5, unitPrice: '10.00' }]);
      const s = await created(c, [2]);
      const edited = expectSuccess<Shipment>(
        await put(s.shipmentId, '', { plannedShipDate: '2026-11-30', notes: '客户要求延期发货' }),
        '修改成功',
      );
      expect(edited).toMatchObject({ plannedShipDate: '2026-11-30', notes: '客户要求延期发货', status: 'draft' });
      expect(edited.logs.map((l) => l.action)).toEqual(['create', 'update']);
      expect(edited.logs[1].note).toBe('修改计划发货日期、备注');
      expectFailure(await put(s.shipmentId, '', { items: [] }), 400, 'VALIDATION_ERROR');
      expectFailure(await put(s.shipmentId, '', {}), 400, 'VALIDATION_ERROR');
      expectSuccess(await confirm(s.shipmentId));
      expectFailure(await put(s.shipmentId, '', { notes: '晚了' }), 422, 'SHIPMENT_WRONG_STATE');
    });

    it('confirms (9.5) with the carrier by code or Chinese name; the contract starts executing', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 5, unitPrice: '10.00' }]);
      expect(c.status).toBe('signed');
      const s = await created(c, [2]);
      expectFailure(await confirm(s.shipmentId, { trackingNo: undefined }), 400, 'VALIDATION_ERROR');
      expectFailure(await confirm(s.shipmentId, { logisticsCompany: '某某快运' }), 400, 'VALIDATION_ERROR');
      expectFailure(await confirm(s.shipmentId, { actualShipDate: '2026-11-21' }), 400, 'SHIPMENT_DATE_INVALID');
      expectFailure(await confirm(s.shipmentId, { estimatedDeliveryDate: '2026-11-19' }), 400, 'VALIDATION_ERROR');
      const done = expectSuccess<Record<string, unknown>>(
        await confirm(s.shipmentId, { logisticsCompany: '顺丰速运', estimatedDeliveryDate: '2026-11-22' }),
        '发货成功',
      );
      expect(done).toEqual({
        shipmentId: s.shipmentId,
        status: 'shipped',
        logisticsCompany: '顺丰速运',
        logisticsCompanyCode: 'SF',
        trackingNo: 'SF1234567890',
        actualShipDate: '2026-11-20',
        estimatedDeliveryDate: '2026-11-22',
        shippedAt: '2026-11-20T02:00:00.000Z',
      });
      expect((await contract(c.contractId)).status).toBe('executing');
      expectFailure(await confirm(s.shipmentId), 422, 'SHIPMENT_WRONG_STATE');
      // Self pickup needs no tracking number; the date defaults to today (China).
      const pickup = await created(c, [1]);
      const picked = expectSuccess<Record<string, unknown>>(
        await put(pickup.shipmentId, 'confirm', { logisticsCompany: 'SELF_PICKUP' }),
      );
      expect(picked).toMatchObject({ logisticsCompany: '自提', trackingNo: null, actualShipDate: '2026-11-20' });
    });

    it('updates the carrier of a shipped shipment (9.6) with its reason: in transit', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 5, unitPrice: '10.00' }]);
      const s = await created(c, [2]);
      const change = { logisticsCompany: '德邦物流', trackingNo: 'DB9876543210', updateReason: '物流公司变更' };
      expectFailure(await put(s.shipmentId, 'logistics', change), 422, 'SHIPMENT_WRONG_STATE');
      expectSuccess(await confirm(s.shipmentId));
      expectFailure(await put(s.shipmentId, 'logistics', { ...change, updateReason: '' }), 400, 'VALIDATION_ERROR');
      const moved = expectSuccess<Shipment>(await put(s.shipmentId, 'logistics', change), '更新成功');
      expect(moved).toMatchObject({
        status: 'in_transit',
        logisticsCompany: '德邦快递',
        logisticsCompanyCode: 'DB',
        trackingNo: 'DB9876543210',
      });
      expect(moved.logs.at(-1)).toMatchObject({
        action: 'logistics',
        fromStatus: 'shipped',
        toStatus: 'in_transit',
        note: '顺丰速运 SF1234567890 → 德邦快递 DB9876543210：物流公司变更',
      });
      // Again while in transit.
      expectSuccess(
        await put(s.shipmentId, 'logistics', { ...change, trackingNo: 'DB0000000001', updateReason: '单号录错' }),
      );
    });

    it('signs for the goods (9.7): delivered, and the warranty of a delivery-warranty contract starts once', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 5, unitPrice: '10.00' }]);
      expect(c.warrantyTerms.warrantyStartDate).toBeNull();
      const a = await created(c, [2]);
      const b = await created(c, [3]);
      expectFailure(await put(a.shipmentId, 'sign', {}), 422, 'SHIPMENT_WRONG_STATE');
      expectSuccess(await confirm(a.shipmentId, { actualShipDate: '2026-11-19' }));
      expectSuccess(await confirm(b.shipmentId, { actualShipDate: '2026-11-20' }));
      expectFailure(
        await put(a.shipmentId, 'sign', { actualDeliveryDate: '2026-11-18' }),
        400,
        'SHIPMENT_DATE_INVALID',
      );
      expectFailure(
        await put(a.shipmentId, 'sign', { actualDeliveryDate: '2026-11-25' }),
        400,
        'SHIPMENT_DATE_INVALID',
      );
      const signed = expectSuccess<Record<string, unknown>>(
        await put(a.shipmentId, 'sign', { actualDeliveryDate: '2026-11-20', signNotes: '客户已签收，产品完好' }),
        '签收成功',
      );
      expect(signed).toEqual({
        shipmentId: a.shipmentId,
        status: 'delivered',
        actualDeliveryDate: '2026-11-20',
        deliveredAt: '2026-11-20T02:00:00.000Z',
        signNotes: '客户已签收，产品完好',
        warrantyStarted: true,
      });
      const after = await contract(c.contractId);
      expect(after.warrantyTerms).toMatchObject({ warrantyStartDate: '2026-11-20', warrantyEndDate: '2027-11-20' });
      // The second delivery does not move the warranty.
      const second = expectSuccess<{ warrantyStarted: boolean }>(await put(b.shipmentId, 'sign', {}));
      expect(second.warrantyStarted).toBe(false);
      expect((await contract(c.contractId)).warrantyTerms.warrantyStartDate).toBe('2026-11-20');
      expectFailure(await put(a.shipmentId, 'sign', {}), 422, 'SHIPMENT_WRONG_STATE');
      expectFailure(await put(a.shipmentId, 'cancel', { cancelReason: '退货' }), 422, 'SHIPMENT_WRONG_STATE');
      expect((await get(a.shipmentId)).signNotes).toBe('客户已签收，产品完好');
    });

    it('signing a signing-warranty contract leaves its warranty alone', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 1, unitPrice: '10.00' }], {
        warrantyStartType: 'signing',
      });
      const s = await created(c, [1]);
      expectSuccess(await confirm(s.shipmentId));
      expect(expectSuccess<{ warrantyStarted: boolean }>(await put(s.shipmentId, 'sign', {})).warrantyStarted).toBe(
        false,
      );
      expect((await contract(c.contractId)).warrantyTerms.warrantyStartDate).toBe('2026-11-18');
    });

    it('cancels (9.8) only before shipping, giving the units and the amount back', async () => {
      const c = await signedContract([
        { productId: w.products.host, quantity: 10, unitPrice: '0.10' },
        { productId: w.products.panel, quantity: 3, unitPrice: '33.33' },
      ]);
      const keep = await created(c, [3, 1]);
      const drop = await created(c, [7, 2]);
      expect((await contract(c.contractId)).shippedAmount).toBe('100.99');
      expectFailure(await put(drop.shipmentId, 'cancel', {}), 400, 'VALIDATION_ERROR');
      const cancelled = expectSuccess<Shipment>(
        await put(drop.shipmentId, 'cancel', { cancelReason: '客户要求暂停发货' }),
        '取消成功',
      );
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '客户要求暂停发货' });
      const after = await contract(c.contractId);
      expect(after.items.map((i) => i.shippedQuantity)).toEqual([3, 1]);
      expect(after.shippedAmount).toBe('33.63');
      expectFailure(await put(drop.shipmentId, 'cancel', { cancelReason: '再次' }), 422, 'SHIPMENT_WRONG_STATE');
      expectFailure(await confirm(drop.shipmentId), 422, 'SHIPMENT_WRONG_STATE');
      // The returned units can be shipped again.
      const again = await created(c, [7, 2]);
      expect(again.items.map((i) => [i.alreadyShippedQuantity, i.remainingQuantity])).toEqual([
        [3, 0],
        [1, 0],
      ]);
      expectSuccess(await confirm(keep.shipmentId));
      expectFailure(await put(keep.shipmentId, 'cancel', { cancelReason: '已发出' }), 422, 'SHIPMENT_WRONG_STATE');
      expect((await contract(c.contractId)).shippedAmount).toBe('100.99');
    });

    it('a pending shipment can be confirmed or cancelled like a draft', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 4, unitPrice: '10.00' }]);
      const a = await created(c, [2]);
      const b = await created(c, [2]);
      await ShipmentModel.update({ status: 'pending' }, { where: { id: [a.shipmentId, b.shipmentId] } });
      expectFailure(await put(a.shipmentId, '', { notes: 'x' }), 422, 'SHIPMENT_WRONG_STATE');
      expectSuccess(await confirm(a.shipmentId));
      expectSuccess(await put(b.shipmentId, 'cancel', { cancelReason: '不要了' }));
      expect((await contract(c.contractId)).items[0].shippedQuantity).toBe(2);
    });
  });

  describe('concurrency', () => {
    it('of shipments racing for the last units only as many as fit get them; numbers stay unique', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 10, unitPrice: '0.07' }]);
      const answers = await Promise.all(Array.from({ length: 8 }, () => create(shipmentBody(c, [3]))));
      const ok = answers.filter((r) => r.status === 200);
      expect(ok).toHaveLength(3);
      for (const r of answers.filter((x) => x.status !== 200)) expectFailure(r, 422, 'SHIPMENT_QUANTITY_EXCEEDED');
      const numbers = ok.map((r) => (r.body.data as Shipment).shipmentNo);
      expect(new Set(numbers).size).toBe(3);
      const after = await contract(c.contractId);
      expect(after.items[0].shippedQuantity).toBe(9);
      expect(after.shippedAmount).toBe('0.63');
      const quantities = ok
        .map((r) => (r.body.data as Shipment).items[0])
        .map((i) => [i.alreadyShippedQuantity, i.remainingQuantity])
        .sort((x, y) => x[0] - y[0]);
      expect(quantities).toEqual([
        [0, 7],
        [3, 4],
        [6, 1],
      ]);
      // Two shipments for the last unit: one gets it.
      const last = await Promise.all([create(shipmentBody(c, [1])), create(shipmentBody(c, [1]))]);
      expect(last.map((r) => r.status).sort()).toEqual([200, 422]);
      expect((await contract(c.contractId)).items[0].shippedQuantity).toBe(10);
      expect((await contract(c.contractId)).shippedAmount).toBe('0.70');
    }, 30_000);

    it('numbers stay unique and gap-free when shipments of several contracts are created at once', async () => {
      const contracts = await Promise.all(
        [1, 2, 3].map(() => signedContract([{ productId: w.products.host, quantity: 10, unitPrice: '1.00' }])),
      );
      const answers = await Promise.all(
        contracts.flatMap((c) => [create(shipmentBody(c, [1])), create(shipmentBody(c, [2]))]),
      );
      const numbers = answers.map((r) => expectSuccess<Shipment>(r).shipmentNo).sort();
      expect(new Set(numbers).size).toBe(6);
      const seq = numbers.map((n) => Number(n.split('-')[2]));
      expect(seq[5] - seq[0]).toBe(5);
      for (const c of contracts) expect((await contract(c.contractId)).shippedAmount).toBe('3.00');
    }, 30_000);

    it('the database decides: a take planned on a stale read gets nothing once the units are gone', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 10, unitPrice: '1.00' }]);
      const repo = new ShipmentsRepository();
      const lineId = c.items[0].itemId;
      const first = t.container.db.transaction(async (tx) => {
        const after = await repo.takeQuantity(lineId, 9, 1, tx);
        await new Promise((ok) => setTimeout(ok, 150));
        return after;
      });
      await new Promise((ok) => setTimeout(ok, 30));
      const second = t.container.db.transaction(async (tx) => {
        // What a plan read without a lock may see: on MariaDB the first transaction's units are not yet committed.
        const seen = (await ContractItemModel.findByPk(lineId, { transaction: tx }))?.shippedQuantity;
        return { seen, after: await repo.takeQuantity(lineId, 2, 1, tx) };
      });
      expect(await first).toBe(9);
      const late = await second;
      expect(late.after).toBeNull();
      expect([0, 9]).toContain(late.seen);
      expect((await contract(c.contractId)).items[0].shippedQuantity).toBe(9);
      // Giving back more than is held is refused as well.
      expect(await t.container.db.transaction((tx) => repo.returnQuantity(lineId, 10, 1, tx))).toBe(false);
    });

    it('a confirm and a cancel of one draft at once: exactly one wins, and the quantities agree', async () => {
      const c = await signedContract([{ productId: w.products.host, quantity: 6, unitPrice: '10.00' }]);
      for (let round = 0; round < 3; round += 1) {
        const s = await created(c, [2]);
        const [a, b] = await Promise.all([
          confirm(s.shipmentId),
          put(s.shipmentId, 'cancel', { cancelReason: '并发' }),
        ]);
        expect([a.status, b.status].sort()).toEqual([200, 422]);
        const status = (await get(s.shipmentId)).status;
        expect(status).toBe(a.status === 200 ? 'shipped' : 'cancelled');
      }
      const shipments = await list(`?contractId=${c.contractId}&status=shipped`);
      const shipped = shipments.pagination.total * 2;
      const after = await contract(c.contractId);
      expect(after.items[0].shippedQuantity).toBe(shipped);
      expect(after.shippedAmount).toBe(fromCents(BigInt(shipped) * 1000n));
    }, 30_000);
  });
});
