import { ContractItemModel } from '@app/server/src/db/models';
import { expireQuotationsJob } from '@app/server/src/jobs/expire-quotations.job';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, dayAfter, quotationBody, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Item {
  itemId: number;
  productId: number;
  productCode: string;
  quantity: number;
  standardPrice: string;
  actualPrice: string;
  discountAmount: string;
  discountRate: number;
  subtotal: string;
}
interface Quotation {
  quotationId: number;
  quotationNo: string;
  version: number;
  status: string;
  totalAmount: string;
  discountTotal: string;
  standardTotal: string;
  validUntil: string;
  ownerId: number | null;
  previousVersionId: number | null;
  supersededById: number | null;
  items: Item[];
  events: { eventType: string; fromValue: string | null; toValue: string | null; reason: string | null }[];
  [key: string]: unknown;
}

describe('quotations (004 §6)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  const clock = new FakeClock(Date.now());
  const year = () => clock.now().getUTCFullYear();

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
  });
  afterAll(() => t.close());

  const create = async (token: string, overrides: Record<string, unknown> = {}) =>
    t.http
      .post('/api/quotations')
      .set(as(token))
      .send(quotationBody(w, clock.now(), overrides));
  const created = async (token = w.tokens.sales, overrides: Record<string, unknown> = {}) =>
    expectSuccess<Quotation>(await create(token, overrides));
  const get = async (id: number, token = w.tokens.sales) =>
    expectSuccess<Quotation>(await t.http.get(`/api/quotations/${id}`).set(as(token)));
  const act = (id: number, action: string, token = w.tokens.sales, body?: object) =>
    t.http.post(`/api/quotations/${id}/${action}`).set(as(token)).send(body);
  const sentQuotation = async (overrides: Record<string, unknown> = {}) => {
    const q = await created(w.tokens.sales, overrides);
    expectSuccess(await act(q.quotationId, 'send'));
    return q;
  };

  describe('create (6.1)', () => {
    it('creates the documented example with exact, server-computed totals', async () => {
      const q = await created();
      expect(q).toMatchObject({
        quotationNo: `QUOT-${year()}-001`,
        version: 1,
        quotationTitle: 'XX酒店智能客控系统报价单',
        customerId: 1,
        customerName: '演示酒店集团',
        customerContactId: w.contactId,
        contactName: '李经理',
        totalAmount: '140000.00',
        discountTotal: '10000.00',
        standardTotal: '150000.00',
        status: 'draft',
        validFrom: dayAfter(clock.now(), 0),
        validUntil: dayAfter(clock.now(), 30),
        ownerId: w.salesUserId,
        createdBy: w.salesUserId,
        updatedBy: w.salesUserId,
        pdfFileUrl: null,
        sentAt: null,
        previousVersionId: null,
        supersededById: null,
      });
      expect(q.createdAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/));
      expect(q.items).toEqual([
        expect.objectContaining({
          itemId: expect.any(Number),
          productId: w.products.host,
          productCode: 'RCS-001',
          productName: '智能客控主机标准版',
          unit: '台',
          quantity: 100,
          standardPrice: '1500.00',
          actualPrice: '1400.00',
          discountAmount: '100.00',
          discountRate: 6.67,
          subtotal: '140000.00',
          itemNote: '批量采购优惠',
        }),
      ]);
      expect(q.events.map((e) => e.eventType)).toEqual(['created']);
    });

    it('numbers quotations gap-free per year', async () => {
      const q = await created();
      expect(q.quotationNo).toBe(`QUOT-${year()}-002`);
    });

    it('adds awkward amounts exactly and rounds the rate half up; a client discountRate is ignored', async () => {
      const q = await created(w.tokens.sales, {
        items: [
          { productId: w.products.panel, quantity: 3, actualPrice: '33.33', discountRate: 99 },
          { productId: w.products.cheap, quantity: 7, actualPrice: 0.01 },
          { productId: w.products.panel, quantity: 1, standardPrice: 8, actualPrice: 7.99 },
          { productId: w.products.panel, quantity: 3, standardPrice: 3, actualPrice: '2.99' },
        ],
      });
      expect(q.items.map((i) => [i.subtotal, i.discountAmount, i.discountRate])).toEqual([
        ['99.99', '0.00', 0],
        ['0.07', '0.00', 0],
        ['7.99', '0.01', 0.13],
        ['8.97', '0.01', 0.33],
      ]);
      expect(q.items[0].standardPrice).toBe('33.33');
      expect(q).toMatchObject({ totalAmount: '117.02', standardTotal: '117.06', discountTotal: '0.04' });
    });

    it('makes the customer’s owner the owner, also when someone else creates it', async () => {
      const q = await created(w.tokens.manager);
      expect(q.ownerId).toBe(w.salesUserId);
      expect(q.createdBy).toBe(w.managerUserId);
    });

    it.each([
      [
        'a missing actual price',
        { items: [{ productId: 1, quantity: 1 }] },
        400,
        'VALIDATION_ERROR',
        'items.0.actualPrice',
      ],
      [
        'a bad product id',
        { items: [{ productId: 0, quantity: 1, actualPrice: 1 }] },
        400,
        'VALIDATION_ERROR',
        'items.0.productId',
      ],
      [
        'a zero quantity',
        { items: [{ productId: 1, quantity: 0, actualPrice: 1 }] },
        400,
        'VALIDATION_ERROR',
        'items.0.quantity',
      ],
      [
        'a fractional quantity',
        { items: [{ productId: 1, quantity: 1.5, actualPrice: 1 }] },
        400,
        'VALIDATION_ERROR',
        'items.0.quantity',
      ],
      [
        'three decimals',
        { items: [{ productId: 1, quantity: 1, actualPrice: '1.005' }] },
        400,
        'VALIDATION_ERROR',
        'items.0.actualPrice',
      ],
      ['an impossible date', { validFrom: '2025-02-30' }, 400, 'VALIDATION_ERROR', 'validFrom'],
      [
        'an end before the start',
        { validFrom: '2030-02-01', validUntil: '2030-01-31' },
        400,
        'VALIDATION_ERROR',
        'validUntil',
      ],
      ['no title', { quotationTitle: ' ' }, 400, 'VALIDATION_ERROR', 'quotationTitle'],
    ])('refuses %s with 400 naming the field', async (_what, overrides, status, code, field) => {
      const body = expectFailure(await create(w.tokens.sales, overrides), status, code);
      expect((body.error.details as { field: string }[]).map((d) => d.field)).toContain(field);
    });

    it('refuses bad references with 400 naming the field, writing nothing', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ items: [{ productId: 99999, quantity: 1, actualPrice: 1 }] }, 'PRODUCT_INVALID', 'items.0.productId'],
        [
          { items: [{ productId: w.products.draft, quantity: 1, actualPrice: 1 }] },
          'PRODUCT_NOT_AVAILABLE',
          'items.0.productId',
        ],
        [
          { items: [{ productId: w.products.host, quantity: 1, actualPrice: 1500.01 }] },
          'PRICE_ABOVE_STANDARD',
          'items.0.actualPrice',
        ],
        [
          { items: [{ productId: w.products.host, quantity: 1_000_000, standardPrice: 9999999999, actualPrice: 1 }] },
          'AMOUNT_TOO_LARGE',
          'items.0.quantity',
        ],
        [{ customerId: 99999 }, 'QUOTATION_CUSTOMER_INVALID', 'customerId'],
        [
          { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
          'QUOTATION_CUSTOMER_INVALID',
          'customerId',
        ],
        [{ customerContactId: w.otherContactId }, 'CONTACT_NOT_FOUND', 'customerContactId'],
      ];
      const before = expectSuccess<{ pagination: { total: number } }>(
        await t.http.get('/api/quotations').set(as(w.tokens.manager)),
      ).pagination.total;
      for (const [overrides, code, field] of cases) {
        const body = expectFailure(await create(w.tokens.sales, overrides), 400, code);
        expect({ code, fields: (body.error.details as { field: string }[]).map((d) => d.field) }).toEqual({
          code,
          fields: [field],
        });
      }
      const after = await t.http.get('/api/quotations').set(as(w.tokens.manager));
      expect(after.body.data.pagination.total).toBe(before);
    });

    it('needs quotations.create', async () => {
      expectFailure(await create(w.tokens.media), 403, 'FORBIDDEN');
    });
  });

  describe('list and detail (6.2, 6.3)', () => {
    let foreign: Quotation;
    beforeAll(async () => {
      foreign = await created(w.tokens.manager, { customerId: w.otherCustomerId, customerContactId: w.otherContactId });
    });

    it('shows a salesperson only their own quotations; another’s answers 404', async () => {
      const mine = expectSuccess<{ list: Quotation[] }>(
        await t.http.get('/api/quotations?pageSize=100').set(as(w.tokens.sales)),
      );
      expect(mine.list.length).toBeGreaterThan(0);
      expect(mine.list.every((q) => q.ownerId === w.salesUserId)).toBe(true);
      expectFailure(
        await t.http.get(`/api/quotations/${foreign.quotationId}`).set(as(w.tokens.sales)),
        404,
        'QUOTATION_NOT_FOUND',
      );
      expectFailure(
        await t.http.put(`/api/quotations/${foreign.quotationId}`).set(as(w.tokens.sales)).send({ notes: 'x' }),
        404,
        'QUOTATION_NOT_FOUND',
      );
      expectFailure(await act(foreign.quotationId, 'send'), 404, 'QUOTATION_NOT_FOUND');
      expectFailure(await act(foreign.quotationId, 'pdf'), 404, 'QUOTATION_NOT_FOUND');
      expect((await get(foreign.quotationId, w.tokens.manager)).contactName).toBe('王总');
      expectFailure(await t.http.get('/api/quotations/999999').set(as(w.tokens.manager)), 404, 'QUOTATION_NOT_FOUND');
    });

    it('filters by customer, status, owner and creation date, newest first, paged', async () => {
      const q = async (query: string, token = w.tokens.manager) =>
        expectSuccess<{ list: Quotation[]; pagination: { total: number } }>(
          await t.http.get(`/api/quotations?${query}`).set(as(token)),
        );
      const all = await q('pageSize=100');
      const ids = all.list.map((x) => x.quotationId);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect((await q(`customerId=${w.otherCustomerId}`)).list.map((x) => x.quotationId)).toEqual([
        foreign.quotationId,
      ]);
      expect((await q(`ownerId=${w.managerUserId}`)).list.map((x) => x.quotationId)).toEqual([foreign.quotationId]);
      expect((await q('status=draft&pageSize=100')).pagination.total).toBe(all.pagination.total);
      expect((await q('status=sent')).pagination.total).toBe(0);
      const today = new Date().toISOString().slice(0, 10);
      expect((await q(`startDate=${today}&endDate=${today}&pageSize=100`)).pagination.total).toBe(all.pagination.total);
      expect((await q('endDate=2000-01-01')).pagination.total).toBe(0);
      const page2 = await q('pageSize=2&page=2');
      expect(page2.list.map((x) => x.quotationId)).toEqual(ids.slice(2, 4));
      expect(page2.pagination).toEqual({
        page: 2,
        pageSize: 2,
        total: all.pagination.total,
        totalPages: Math.ceil(all.pagination.total / 2),
      });
      expect(all.list[0]).toMatchObject({ customerName: expect.any(String), ownerName: expect.any(String) });
      expectFailure(await t.http.get('/api/quotations?status=won').set(as(w.tokens.manager)), 400, 'VALIDATION_ERROR');
    });
  });

  describe('editing (6.4-6.6)', () => {
    it('edits a draft in place; items replace the list and totals follow', async () => {
      const q = await created();
      const res = await t.http
        .put(`/api/quotations/${q.quotationId}`)
        .set(as(w.tokens.sales))
        .send({
          quotationTitle: 'XX酒店智能客控系统报价单（修订版）',
          validUntil: dayAfter(clock.now(), 60),
          items: [{ productId: w.products.host, quantity: 120, actualPrice: 1350.0 }],
        });
      const edited = expectSuccess<Quotation>(res, '修改成功');
      expect(edited).toMatchObject({
        quotationId: q.quotationId,
        quotationNo: q.quotationNo,
        version: 1,
        status: 'draft',
        quotationTitle: 'XX酒店智能客控系统报价单（修订版）',
        validUntil: dayAfter(clock.now(), 60),
        totalAmount: '162000.00',
        discountTotal: '18000.00',
      });
      expect(edited.items).toHaveLength(1);
      expect(edited.items[0]).toMatchObject({ quantity: 120, discountAmount: '150.00', discountRate: 10 });
      expect(edited.items[0].itemId).not.toBe(q.items[0].itemId);
      expectFailure(
        await t.http
          .put(`/api/quotations/${q.quotationId}`)
          .set(as(w.tokens.sales))
          .send({ validFrom: dayAfter(clock.now(), 90) }),
        400,
        'VALIDITY_DATE_INVALID',
      );
      expectFailure(
        await t.http.put(`/api/quotations/${q.quotationId}`).set(as(w.tokens.sales)).send({}),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('adds and soft-deletes items on a draft, recomputing totals; deleted items do not count', async () => {
      const q = await created();
      const added = expectSuccess<Quotation>(
        await t.http
          .post(`/api/quotations/${q.quotationId}/items`)
          .set(as(w.tokens.sales))
          .send({ productId: w.products.panel, quantity: 3, actualPrice: '30.00', itemNote: '配套产品' }),
      );
      expect(added.items).toHaveLength(2);
      expect(added).toMatchObject({ totalAmount: '140090.00', discountTotal: '10009.99', standardTotal: '150099.99' });
      expect(added.items[1]).toMatchObject({ productCode: 'PNL-002', discountRate: 9.99, itemNote: '配套产品' });
      const hostItem = added.items[0].itemId;
      const removed = expectSuccess<Quotation>(
        await t.http.delete(`/api/quotations/${q.quotationId}/items/${hostItem}`).set(as(w.tokens.sales)),
      );
      expect(removed.items.map((i) => i.productCode)).toEqual(['PNL-002']);
      expect(removed).toMatchObject({ totalAmount: '90.00', discountTotal: '9.99' });
      expectFailure(
        await t.http.delete(`/api/quotations/${q.quotationId}/items/${hostItem}`).set(as(w.tokens.sales)),
        404,
        'QUOTATION_ITEM_NOT_FOUND',
      );
    });

    it('refuses item changes on a sent quotation with 422', async () => {
      const q = await sentQuotation();
      expectFailure(
        await t.http
          .post(`/api/quotations/${q.quotationId}/items`)
          .set(as(w.tokens.sales))
          .send({ productId: w.products.panel, quantity: 1, actualPrice: 1 }),
        422,
        'QUOTATION_NOT_EDITABLE',
      );
      expectFailure(
        await t.http.delete(`/api/quotations/${q.quotationId}/items/${q.items[0].itemId}`).set(as(w.tokens.sales)),
        422,
        'QUOTATION_NOT_EDITABLE',
      );
    });

    it('turns an edit of a sent quotation into version 2 and supersedes version 1', async () => {
      const v1 = await sentQuotation();
      const res = await t.http
        .put(`/api/quotations/${v1.quotationId}`)
        .set(as(w.tokens.sales))
        .send({ quotationTitle: '修订版', notes: '价格调整' });
      const v2 = expectSuccess<Quotation>(res);
      expect(v2).toMatchObject({
        quotationNo: `${v1.quotationNo}-V2`,
        version: 2,
        status: 'draft',
        quotationTitle: '修订版',
        notes: '价格调整',
        paymentTerms: v1.paymentTerms,
        totalAmount: '140000.00',
        previousVersionId: v1.quotationId,
        supersededById: null,
        sentAt: null,
        ownerId: w.salesUserId,
      });
      expect(v2.quotationId).not.toBe(v1.quotationId);
      expect(v2.items.map((i) => [i.productCode, i.quantity, i.subtotal])).toEqual([['RCS-001', 100, '140000.00']]);
      const old = await get(v1.quotationId);
      expect(old).toMatchObject({
        status: 'superseded',
        supersededById: v2.quotationId,
        quotationTitle: v1.quotationTitle,
      });
      expect(old.events.map((e) => e.eventType)).toEqual(['created', 'sent', 'superseded']);
      expect(v2.events).toEqual([expect.objectContaining({ eventType: 'new_version', fromValue: v1.quotationNo })]);
      // v2 is a normal draft: it is sent, edited again into v3, and v1 stays superseded.
      expectSuccess(await act(v2.quotationId, 'send'));
      const v3 = expectSuccess<Quotation>(
        await t.http
          .put(`/api/quotations/${v2.quotationId}`)
          .set(as(w.tokens.sales))
          .send({ items: [{ productId: w.products.panel, quantity: 2, actualPrice: 30 }] }),
      );
      expect(v3).toMatchObject({ quotationNo: `${v1.quotationNo}-V3`, version: 3, totalAmount: '60.00' });
      expectFailure(
        await t.http.put(`/api/quotations/${v1.quotationId}`).set(as(w.tokens.sales)).send({ notes: 'x' }),
        422,
        'QUOTATION_NOT_EDITABLE',
      );
    });

    it('lets only one of two concurrent edits of a sent quotation make the new version', async () => {
      const v1 = await sentQuotation();
      const edit = () =>
        t.http.put(`/api/quotations/${v1.quotationId}`).set(as(w.tokens.sales)).send({ notes: '并发' });
      const results = await Promise.all([edit(), edit()]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
      expect((await get(v1.quotationId)).status).toBe('superseded');
    });
  });

  describe('send, accept, reject', () => {
    it('sends a draft with items once; a draft without items cannot be sent', async () => {
      const empty = await created(w.tokens.sales, { items: [] });
      expect(empty.totalAmount).toBe('0.00');
      expectFailure(await act(empty.quotationId, 'send'), 422, 'QUOTATION_NO_ITEMS');
      const q = await created();
      const sent = expectSuccess<Quotation>(await act(q.quotationId, 'send'), '已发送');
      expect(sent).toMatchObject({ status: 'sent', sentAt: clock.now().toISOString() });
      expectFailure(await act(q.quotationId, 'send'), 422, 'QUOTATION_WRONG_STATE');
      expectFailure(await act(q.quotationId, 'reject', w.tokens.sales, { reasonCode: 'won' }), 400, 'VALIDATION_ERROR');
    });

    it('accepts a sent quotation; then it can be neither edited nor accepted again', async () => {
      const q = await sentQuotation();
      const accepted = expectSuccess<Quotation>(await act(q.quotationId, 'accept'));
      expect(accepted).toMatchObject({ status: 'accepted', acceptedAt: expect.any(String) });
      expectFailure(await act(q.quotationId, 'accept'), 422, 'QUOTATION_WRONG_STATE');
      expectFailure(
        await act(q.quotationId, 'reject', w.tokens.sales, { reasonCode: 'price' }),
        422,
        'QUOTATION_WRONG_STATE',
      );
      expectFailure(
        await t.http.put(`/api/quotations/${q.quotationId}`).set(as(w.tokens.sales)).send({ notes: 'x' }),
        422,
        'QUOTATION_NOT_EDITABLE',
      );
      const draft = await created();
      expectFailure(await act(draft.quotationId, 'accept'), 422, 'QUOTATION_WRONG_STATE');
    });

    it('lets exactly one of two concurrent accepts win', async () => {
      const q = await sentQuotation();
      const results = await Promise.all([
        act(q.quotationId, 'accept'),
        act(q.quotationId, 'accept'),
        act(q.quotationId, 'reject', w.tokens.sales, { reasonCode: 'price' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422]);
      const final = await get(q.quotationId);
      expect(final.events.filter((e) => ['accepted', 'rejected'].includes(e.eventType))).toHaveLength(1);
    });

    it('records the lost reason of a rejection and counts reasons for statistics', async () => {
      const before = await t.container.services.quotations.rejectReasonCounts({ kind: 'all' });
      const a = await sentQuotation();
      const b = await sentQuotation();
      const rejected = expectSuccess<Quotation>(
        await act(a.quotationId, 'reject', w.tokens.sales, { reasonCode: 'competitor', reason: '竞品报价更低' }),
      );
      expect(rejected).toMatchObject({
        status: 'rejected',
        rejectReasonCode: 'competitor',
        rejectReason: '竞品报价更低',
      });
      expect(rejected.events.at(-1)).toMatchObject({ eventType: 'rejected', fromValue: 'sent', toValue: 'rejected' });
      expectFailure(
        await act(b.quotationId, 'reject', w.tokens.sales, { reasonCode: 'other' }),
        400,
        'VALIDATION_ERROR',
      );
      expectSuccess(await act(b.quotationId, 'reject', w.tokens.sales, { reasonCode: 'price' }));
      const after = await t.container.services.quotations.rejectReasonCounts({ kind: 'all' });
      expect(after.competitor - before.competitor).toBe(1);
      expect(after.price - before.price).toBe(1);
      expect(Object.keys(after).sort()).toEqual(['competitor', 'no_budget', 'no_need', 'other', 'price', 'timing']);
      const scoped = await t.container.services.quotations.rejectReasonCounts({
        kind: 'owner',
        userId: w.managerUserId,
      });
      expect(scoped.competitor).toBe(0);
      const future = await t.container.services.quotations.rejectReasonCounts(
        { kind: 'all' },
        new Date(Date.now() + 86_400_000),
      );
      expect(future.price).toBe(0);
    });

    it('needs quotations.approve for state changes', async () => {
      const q = await created();
      expectFailure(await act(q.quotationId, 'send', w.tokens.media), 403, 'FORBIDDEN');
      expectFailure(await act(q.quotationId, 'send', w.tokens.purchaser), 403, 'FORBIDDEN');
    });
  });

  describe('validity and expiry (6.7)', () => {
    it('extends a sent quotation with a reason; the new date must be later and not in the past', async () => {
      const q = await sentQuotation();
      const extend = (newValidUntil: string, extensionReason = '客户要求延期') =>
        t.http
          .put(`/api/quotations/${q.quotationId}/validity`)
          .set(as(w.tokens.sales))
          .send({ newValidUntil, extensionReason });
      const res = expectSuccess<Quotation>(await extend(dayAfter(clock.now(), 45)), '延期成功');
      expect(res).toMatchObject({ status: 'sent', validUntil: dayAfter(clock.now(), 45) });
      expect(res.events.at(-1)).toMatchObject({
        eventType: 'validity_extended',
        fromValue: dayAfter(clock.now(), 30),
        toValue: dayAfter(clock.now(), 45),
        reason: '客户要求延期',
      });
      expectFailure(await extend(dayAfter(clock.now(), 45)), 400, 'VALIDITY_DATE_INVALID');
      expectFailure(await extend(dayAfter(clock.now(), 40)), 400, 'VALIDITY_DATE_INVALID');
      expectFailure(await extend(dayAfter(clock.now(), 50), ''), 400, 'VALIDATION_ERROR');
      expectSuccess(await act(q.quotationId, 'accept'));
      expectFailure(await extend(dayAfter(clock.now(), 90)), 422, 'QUOTATION_WRONG_STATE');
    });

    it('refuses to accept a sent quotation past its validity (before the job ran), and the job expires it', async () => {
      const start = clock.now().getTime();
      const q = await sentQuotation({ validUntil: dayAfter(clock.now(), 1) });
      const fresh = await sentQuotation({ validUntil: dayAfter(clock.now(), 30) });
      try {
        clock.set(start + 3 * 86_400_000);
        // Staff tokens last 12 hours: sign in again on the later day.
        const sales = await t.login('sales', 'sales123');
        expectFailure(await act(q.quotationId, 'accept', sales), 422, 'QUOTATION_EXPIRED');
        expect((await get(q.quotationId, sales)).status).toBe('sent');
        const job = expireQuotationsJob(t.container.services.quotationStatus, clock);
        expect(await t.container.jobs.runOnce(job)).toBe(true);
        const expired = await get(q.quotationId, sales);
        expect(expired).toMatchObject({ status: 'expired', expiredAt: clock.now().toISOString() });
        expect(expired.events.at(-1)).toMatchObject({ eventType: 'expired', fromValue: 'sent', toValue: 'expired' });
        expect((await get(fresh.quotationId, sales)).status).toBe('sent');
        // Idempotent: nothing left to expire, no second event.
        expect(await t.container.services.quotationStatus.expireDue(dayAfter(clock.now(), 0))).toBe(0);
        expect((await get(q.quotationId, sales)).events.filter((e) => e.eventType === 'expired')).toHaveLength(1);
        expectFailure(await act(q.quotationId, 'accept', sales), 422, 'QUOTATION_WRONG_STATE');
        // An expired quotation extended into the future is sent again.
        expectFailure(
          await t.http
            .put(`/api/quotations/${q.quotationId}/validity`)
            .set(as(sales))
            .send({ newValidUntil: dayAfter(clock.now(), -1), extensionReason: '补发' }),
          400,
          'VALIDITY_DATE_INVALID',
        );
        const reopened = expectSuccess<Quotation>(
          await t.http
            .put(`/api/quotations/${q.quotationId}/validity`)
            .set(as(sales))
            .send({ newValidUntil: dayAfter(clock.now(), 10), extensionReason: '客户仍有意向' }),
        );
        expect(reopened).toMatchObject({ status: 'sent', expiredAt: null });
        expect(reopened.events.slice(-2).map((e) => e.eventType)).toEqual(['validity_extended', 'reopened']);
        expectSuccess(await act(q.quotationId, 'accept', sales));
      } finally {
        clock.set(start);
      }
    });

    it('refuses to send a draft whose validity has ended', async () => {
      const q = await created(w.tokens.sales, {
        validFrom: dayAfter(clock.now(), -10),
        validUntil: dayAfter(clock.now(), -1),
      });
      expectFailure(await act(q.quotationId, 'send'), 422, 'QUOTATION_EXPIRED');
    });
  });

  describe('convert to contract (6.9)', () => {
    const body = {
      contractTitle: 'XX酒店智能客控系统采购合同',
      signedDate: '2026-12-25',
      deliveryDeadline: '2027-01-10',
    };
    const convert = (id: number, token = w.tokens.sales) =>
      t.http.post(`/api/quotations/${id}/convert-to-contract`).set(as(token)).send(body);
    const acceptedQuotation = async () => {
      const q = await sentQuotation({
        items: [
          { productId: w.products.host, quantity: 100, actualPrice: 1400 },
          { productId: w.products.panel, quantity: 3, actualPrice: '33.33' },
        ],
      });
      expectSuccess(await act(q.quotationId, 'accept'));
      return q;
    };

    it('converts an accepted quotation once, copying amount and lines', async () => {
      const draft = await created();
      expectFailure(await convert(draft.quotationId), 422, 'QUOTATION_NOT_ACCEPTED');
      const q = await acceptedQuotation();
      const contract = expectSuccess<Record<string, unknown>>(await convert(q.quotationId), '转换成功');
      expect(contract).toEqual({
        contractId: expect.any(Number),
        contractNo: `CONT-${year()}-001`,
        contractTitle: body.contractTitle,
        quotationId: q.quotationId,
        customerId: 1,
        contractAmount: '140099.99',
        status: 'draft',
        createdAt: expect.any(String),
      });
      const lines = await ContractItemModel.findAll({
        where: { contractId: contract.contractId as number },
        order: [['sortOrder', 'ASC']],
        raw: true,
      });
      expect(lines.map((l) => [l.productCode, l.quantity, String(l.unitPrice), l.shippedQuantity])).toEqual([
        ['RCS-001', 100, expect.stringMatching(/^1400(\.00)?$/), 0],
        ['PNL-002', 3, expect.stringMatching(/^33\.33$/), 0],
      ]);
      expectFailure(await convert(q.quotationId), 409, 'CONTRACT_ALREADY_EXISTS');
      const summaries = await t.container.services.contracts.summariesForCustomer(1);
      expect(summaries[0]).toMatchObject({
        contractNo: `CONT-${year()}-001`,
        contractAmount: '140099.99',
        signedDate: '2026-12-25',
      });
      expect((await get(q.quotationId)).events.at(-1)).toMatchObject({
        eventType: 'converted',
        toValue: `CONT-${year()}-001`,
      });
    });

    it('lets only one of two concurrent conversions create the contract', async () => {
      const q = await acceptedQuotation();
      const results = await Promise.all([convert(q.quotationId), convert(q.quotationId)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.error.code).toBe('CONTRACT_ALREADY_EXISTS');
      const ok = results.find((r) => r.status === 200);
      expect(ok?.body.data.contractNo).toBe(`CONT-${year()}-002`);
    });

    it('needs contracts.create and a visible quotation; validates the body', async () => {
      const q = await acceptedQuotation();
      expectFailure(await convert(q.quotationId, w.tokens.media), 403, 'FORBIDDEN');
      const foreign = await created(w.tokens.manager, {
        customerId: w.otherCustomerId,
        customerContactId: w.otherContactId,
      });
      expectFailure(await convert(foreign.quotationId), 404, 'QUOTATION_NOT_FOUND');
      const bad = await t.http
        .post(`/api/quotations/${q.quotationId}/convert-to-contract`)
        .set(as(w.tokens.sales))
        .send({ ...body, deliveryDeadline: '2026-12-01' });
      expect(expectFailure(bad, 400, 'VALIDATION_ERROR').error.details).toEqual([
        expect.objectContaining({ field: 'deliveryDeadline' }),
      ]);
    });
  });

  describe('for the customer module', () => {
    it('summarises a customer’s quotations, newest first', async () => {
      const list = await t.container.services.quotations.summariesForCustomer(w.otherCustomerId);
      expect(list.length).toBeGreaterThan(0);
      expect(Object.keys(list[0]).sort()).toEqual(
        ['createdAt', 'quotationId', 'quotationNo', 'quotationTitle', 'status', 'totalAmount', 'validUntil'].sort(),
      );
    });

    it('moves only open quotations to a new owner', async () => {
      const draft = await created(w.tokens.manager, {
        customerId: w.otherCustomerId,
        customerContactId: w.otherContactId,
      });
      const accepted = await created(w.tokens.manager, {
        customerId: w.otherCustomerId,
        customerContactId: w.otherContactId,
      });
      expectSuccess(await act(accepted.quotationId, 'send', w.tokens.manager));
      expectSuccess(await act(accepted.quotationId, 'accept', w.tokens.manager));
      const moved = await t.container.db.transaction((tx) =>
        t.container.repositories.quotations.transferOwner(w.otherCustomerId, w.salesUserId, w.managerUserId, tx),
      );
      expect(moved).toBeGreaterThanOrEqual(1);
      expect((await get(draft.quotationId)).ownerId).toBe(w.salesUserId);
      expect((await get(accepted.quotationId, w.tokens.manager)).ownerId).toBe(w.managerUserId);
    });
  });

  describe('operation log', () => {
    it('logs every write in the operation log', async () => {
      const actions = ['create', 'update', 'add_item', 'remove_item', 'send', 'accept', 'reject', 'extend_validity'];
      for (const action of [...actions, 'convert_to_contract']) {
        const logs = await t.http.get(`/api/logs?moduleName=quotations&actionType=${action}`).set(as(w.tokens.admin));
        expect({ action, total: logs.body.data.pagination.total > 0 }).toEqual({ action, total: true });
      }
    });
  });
});
