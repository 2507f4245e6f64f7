import { ContractItemModel, ContractModel, UploadModel } from '@app/server/src/db/models';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { solidPng, tinyPdf } from '../helpers/image-fixtures';
import { as, buildQuotationWorld, quotationBody, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Stage {
  stageId: number;
  stage: string;
  paymentRatio: number;
  paymentAmount: string;
  planDate: string;
  paymentCondition: string | null;
  paidAmount: string;
  settled: boolean;
}
interface Contract {
  contractId: number;
  contractNo: string;
  contractTitle: string;
  customerId: number;
  customerName: string | null;
  ownerId: number | null;
  status: string;
  contractAmount: string;
  signedDate: string | null;
  signedAt: string | null;
  deliveryDeadline: string | null;
  paymentTerms: Stage[];
  warrantyTerms: Record<string, string | null>;
  items: { productId: number; productName: string; quantity: number; unitPrice: string; subtotal: string }[];
  amendments: { amendmentNo: string; status: string }[];
  executionProgress: number;
  [key: string]: unknown;
}
interface Amendment {
  amendmentId: number;
  amendmentNo: string;
  amountChange: string;
  newContractAmount: string;
  status: string;
  signedDate: string | null;
}
interface ContractFile {
  fileId: number;
  fileUrl: string;
  fileType: string;
  fileVersion: number;
  fileName: string;
  fileSize: number | null;
  uploadedAt: string;
}
interface Page<T> {
  list: T[];
  pagination: { page: number; pageSize: number; total: number; totalPages: number };
}

describe('contracts (004 §7)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  const clock = new FakeClock(Date.parse('2026-11-20T02:00:00Z'));
  const year = 2026;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
  }, 30_000);
  afterAll(() => t.close());

  /** 004 §7.2's example, for the demo customer (owned by `sales`). */
  const body = (overrides: Record<string, unknown> = {}) => ({
    contractTitle: 'XX酒店智能客控系统采购合同',
    customerId: w.customerId,
    customerContactId: w.contactId,
    contractAmount: 140000.0,
    signedDate: '2026-11-25',
    deliveryDeadline: '2027-01-10',
    paymentTerms: [
      {
        stage: '首付款',
        paymentRatio: 50,
        paymentAmount: 70000.0,
        planDate: '2026-11-26',
        paymentCondition: '签约后3个工作日内支付',
      },
      {
        stage: '尾款',
        paymentRatio: 50,
        paymentAmount: 70000.0,
        planDate: '2027-01-15',
        paymentCondition: '验收合格后支付',
      },
    ],
    deliveryTerms: '签约后15个工作日内发货到指定地点',
    warrantyTerms: { warrantyPeriod: '12个月', warrantyStartType: 'delivery', warrantyScope: '产品质量问题免费保修' },
    items: [{ productId: w.products.host, quantity: 100, unitPrice: 1400.0 }],
    ...overrides,
  });
  const create = (overrides: Record<string, unknown> = {}, token = w.tokens.sales) =>
    t.http.post('/api/contracts').set(as(token)).send(body(overrides));
  const created = async (overrides: Record<string, unknown> = {}, token = w.tokens.sales) =>
    expectSuccess<Contract>(await create(overrides, token));
  const get = async (id: number, token = w.tokens.sales) =>
    expectSuccess<Contract>(await t.http.get(`/api/contracts/${id}`).set(as(token)));
  const sign = (id: number, extra: Record<string, unknown> = {}, token = w.tokens.manager) =>
    t.http
      .put(`/api/contracts/${id}/sign`)
      .set(as(token))
      .send({ signedDate: '2026-11-25', ...extra });
  const signed = async (overrides: Record<string, unknown> = {}) => {
    const c = await created(overrides);
    expectSuccess(await sign(c.contractId));
    return c;
  };
  const uploadFile = (id: number, fileType: string | null, bytes = tinyPdf(), token = w.tokens.sales) => {
    let req = t.http.post(`/api/contracts/${id}/files`).set(as(token));
    if (fileType !== null) req = req.field('fileType', fileType);
    return req.attach('file', bytes, { filename: '合同.pdf', contentType: 'application/pdf' });
  };

  describe('create (7.2)', () => {
    it('creates the documented example as a draft, with stages as rows, warranty terms and items', async () => {
      const c = await created();
      expect(c).toMatchObject({
        contractNo: `CONT-${year}-001`,
        contractTitle: 'XX酒店智能客控系统采购合同',
        customerId: 1,
        customerName: '演示酒店集团',
        contactName: '李经理',
        ownerId: w.salesUserId,
        status: 'draft',
        contractAmount: '140000.00',
        signedDate: '2026-11-25',
        signedAt: null,
        deliveryDeadline: '2027-01-10',
        deliveryTerms: '签约后15个工作日内发货到指定地点',
        warrantyTerms: {
          warrantyPeriod: '12个月',
          warrantyStartType: 'delivery',
          warrantyScope: '产品质量问题免费保修',
          warrantyStartDate: null,
          warrantyEndDate: null,
        },
        shippedAmount: '0.00',
        receivedAmount: '0.00',
        invoicedAmount: '0.00',
        executionProgress: 0,
        shipments: [],
        payments: [],
        invoices: [],
        amendments: [],
      });
      expect(c.paymentTerms).toEqual([
        expect.objectContaining({
          stage: '首付款',
          paymentRatio: 50,
          paymentAmount: '70000.00',
          planDate: '2026-11-26',
          paymentCondition: '签约后3个工作日内支付',
          paidAmount: '0.00',
          settled: false,
          settledAt: null,
        }),
        expect.objectContaining({ stage: '尾款', paymentRatio: 50, paymentAmount: '70000.00', planDate: '2027-01-15' }),
      ]);
      expect(c.items).toEqual([
        expect.objectContaining({
          productId: w.products.host,
          productName: '智能客控主机标准版',
          quantity: 100,
          unitPrice: '1400.00',
          subtotal: '140000.00',
          shippedQuantity: 0,
        }),
      ]);
      // The JSON column stays a snapshot of the planned stages.
      const row = await ContractModel.findByPk(c.contractId);
      expect(JSON.parse(row?.paymentTerms ?? '[]')).toEqual([
        expect.objectContaining({ stage: '首付款', paymentRatio: 50, paymentAmount: '70000.00' }),
        expect.objectContaining({ stage: '尾款', paymentRatio: 50, paymentAmount: '70000.00' }),
      ]);
    });

    it('accepts thirds written to the cent (33.33 / 33.33 / 33.34 %)', async () => {
      const c = await created({
        contractAmount: '100.00',
        items: [],
        paymentTerms: [
          { stage: '一', paymentRatio: 33.33, paymentAmount: '33.33', planDate: '2026-12-01' },
          { stage: '二', paymentRatio: 33.33, paymentAmount: '33.33', planDate: '2026-12-02' },
          { stage: '三', paymentRatio: 33.34, paymentAmount: '33.34', planDate: '2026-12-03' },
        ],
      });
      expect(c.paymentTerms.map((s) => s.paymentRatio)).toEqual([33.33, 33.33, 33.34]);
    });

    it('refuses stages whose amounts do not add up to the contract amount (400, field named)', async () => {
      const res = expectFailure(
        await create({
          paymentTerms: [
            { stage: '首付款', paymentRatio: 50, paymentAmount: 70000, planDate: '2026-11-26' },
            { stage: '尾款', paymentRatio: 50, paymentAmount: 69999.99, planDate: '2027-01-15' },
          ],
        }),
        400,
        'PAYMENT_TERMS_INVALID',
      );
      expect(res.message).toContain('须等于合同金额 140000.00');
      expect(res.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'paymentTerms' })]));
    });

    it('refuses ratios that do not add up to 100 %, and a ratio that does not match its amount', async () => {
      const sum = expectFailure(
        await create({
          contractAmount: 100,
          items: [],
          paymentTerms: [
            { stage: '一', paymentRatio: 50, paymentAmount: 50, planDate: '2026-12-01' },
            { stage: '二', paymentRatio: 49, paymentAmount: 50, planDate: '2026-12-01' },
          ],
        }),
        400,
        'PAYMENT_TERMS_INVALID',
      );
      const fields = (sum.error.details as { field: string; message: string }[]).map((d) => d.field);
      expect(fields).toEqual(['paymentTerms.1.paymentRatio', 'paymentTerms']);
      expect(JSON.stringify(sum.error.details)).toContain('100%');
      const mismatch = expectFailure(
        await create({
          paymentTerms: [
            { stage: '首付款', paymentRatio: 30, paymentAmount: 70000, planDate: '2026-11-26' },
            { stage: '尾款', paymentRatio: 70, paymentAmount: 70000, planDate: '2027-01-15' },
          ],
        }),
        400,
        'PAYMENT_TERMS_INVALID',
      );
      expect(mismatch.message).toContain('应为 50.00%');
    });

    it('refuses items that do not add up to the contract amount', async () => {
      expectFailure(await create({ contractAmount: 150000, paymentTerms: [] }), 400, 'CONTRACT_AMOUNT_MISMATCH');
    });

    it('answers bad input with 400 naming the field, never 500', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ contractAmount: -1 }, 'contractAmount'],
        [{ contractAmount: 0 }, 'contractAmount'],
        [{ contractAmount: '1.234' }, 'contractAmount'],
        [{ warrantyTerms: { warrantyPeriod: '很久', warrantyStartType: 'delivery' } }, 'warrantyTerms.warrantyPeriod'],
        [{ warrantyTerms: { warrantyPeriod: '1年', warrantyStartType: 'install' } }, 'warrantyTerms.warrantyStartType'],
        [
          { paymentTerms: [{ stage: '一', paymentRatio: 0, paymentAmount: 1, planDate: '2026-12-01' }] },
          'paymentTerms.0.paymentRatio',
        ],
        [
          { paymentTerms: [{ stage: '一', paymentRatio: 100, paymentAmount: 1, planDate: '2026-02-30' }] },
          'paymentTerms.0.planDate',
        ],
        [{ deliveryDeadline: '2026-01-01' }, 'deliveryDeadline'],
        [{ contractTitle: '' }, 'contractTitle'],
        [{ items: [{ productId: 999999, quantity: 1, unitPrice: 140000 }] }, 'items.0.productId'],
      ];
      for (const [overrides, field] of cases) {
        const res = await create(overrides);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(JSON.stringify(res.body.error.details)).toContain(field);
      }
    });

    it('refuses another owner’s customer, a contact of another customer, and a quotation that is not accepted', async () => {
      expectFailure(
        await create({ customerId: w.otherCustomerId, customerContactId: undefined }),
        400,
        'CONTRACT_CUSTOMER_INVALID',
      );
      expectFailure(await create({ customerContactId: w.otherContactId }), 400, 'CONTACT_NOT_FOUND');
      const q = expectSuccess<{ quotationId: number }>(
        await t.http.post('/api/quotations').set(as(w.tokens.sales)).send(quotationBody(w, clock.now())),
      );
      const res = expectFailure(await create({ sourceQuotationId: q.quotationId }), 400, 'CONTRACT_QUOTATION_INVALID');
      expect(res.error.details).toEqual([expect.objectContaining({ field: 'sourceQuotationId' })]);
    });

    it('creates one contract per accepted quotation (409 for the second)', async () => {
      const q = expectSuccess<{ quotationId: number }>(
        await t.http.post('/api/quotations').set(as(w.tokens.sales)).send(quotationBody(w, clock.now())),
      );
      expectSuccess(await t.http.post(`/api/quotations/${q.quotationId}/send`).set(as(w.tokens.sales)));
      expectSuccess(await t.http.post(`/api/quotations/${q.quotationId}/accept`).set(as(w.tokens.sales)));
      const c = await created({ sourceQuotationId: q.quotationId });
      expect(c.sourceQuotationId).toBe(q.quotationId);
      expectFailure(await create({ sourceQuotationId: q.quotationId }), 409, 'CONTRACT_ALREADY_EXISTS');
    });

    it('is refused to roles without contracts.create (finance reads only)', async () => {
      const finance = await t.login('finance', 'finance123');
      expectFailure(await create({}, finance), 403, 'FORBIDDEN');
    });
  });

  describe('list (7.1) and detail (7.3)', () => {
    it('filters by customer, status, owner and signed-date range, pages in the envelope shape', async () => {
      const mine = await created({ signedDate: '2026-12-01', deliveryDeadline: '2026-12-31' });
      const other = await created(
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId, signedDate: '2026-12-02' },
        w.tokens.manager,
      );
      const list = async (query: string, token = w.tokens.manager) =>
        expectSuccess<Page<Contract>>(await t.http.get(`/api/contracts?${query}`).set(as(token)));
      const all = await list('pageSize=2&page=1');
      expect(all.list).toHaveLength(2);
      expect(all.pagination).toEqual({
        page: 1,
        pageSize: 2,
        total: all.pagination.total,
        totalPages: Math.ceil(all.pagination.total / 2),
      });
      expect((await list(`customerId=${w.otherCustomerId}`)).list.map((c) => c.contractId)).toEqual([other.contractId]);
      expect((await list(`ownerId=${w.managerUserId}`)).list.map((c) => c.contractId)).toEqual([other.contractId]);
      const range = await list('startDate=2026-12-01&endDate=2026-12-01');
      expect(range.list.map((c) => c.contractId)).toEqual([mine.contractId]);
      expect(range.list[0]).toMatchObject({
        customerName: '演示酒店集团',
        contractAmount: '140000.00',
        status: 'draft',
      });
      expect((await list('status=signed')).list.every((c) => c.status === 'signed')).toBe(true);
      expectFailure(await t.http.get('/api/contracts?status=lost').set(as(w.tokens.manager)), 400, 'VALIDATION_ERROR');
      expectFailure(
        await t.http.get('/api/contracts?startDate=2026-12-02&endDate=2026-12-01').set(as(w.tokens.manager)),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('shows sales only the contracts of their own customers; another’s is 404', async () => {
      const other = await created(
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
        w.tokens.manager,
      );
      const seen = expectSuccess<Page<Contract>>(
        await t.http.get('/api/contracts?pageSize=100').set(as(w.tokens.sales)),
      );
      expect(seen.list.length).toBeGreaterThan(0);
      expect(seen.list.every((c) => c.customerId === w.customerId)).toBe(true);
      expectFailure(
        await t.http.get(`/api/contracts/${other.contractId}`).set(as(w.tokens.sales)),
        404,
        'CONTRACT_NOT_FOUND',
      );
      expect((await get(other.contractId, w.tokens.manager)).customerName).toBe('别人的酒店');
      expectFailure(await t.http.get('/api/contracts/99999999').set(as(w.tokens.manager)), 404, 'CONTRACT_NOT_FOUND');
      expectFailure(await t.http.get('/api/contracts/abc').set(as(w.tokens.manager)), 400, 'VALIDATION_ERROR');
    });
  });

  describe('update (7.4)', () => {
    it('edits a draft: title, deadline, and a new amount with new stages and items', async () => {
      const c = await created();
      const updated = expectSuccess<Contract>(
        await t.http
          .put(`/api/contracts/${c.contractId}`)
          .set(as(w.tokens.sales))
          .send({
            contractTitle: 'XX酒店智能客控系统采购合同（修订）',
            deliveryDeadline: '2027-01-15',
            contractAmount: 150000,
            items: [{ productId: w.products.host, quantity: 100, unitPrice: 1500 }],
            paymentTerms: [
              { stage: '首付款', paymentRatio: 30, paymentAmount: 45000, planDate: '2026-11-26' },
              { stage: '尾款', paymentRatio: 70, paymentAmount: 105000, planDate: '2027-01-15' },
            ],
            warrantyTerms: { warrantyPeriod: '2年', warrantyStartType: 'signing' },
          }),
      );
      expect(updated).toMatchObject({
        contractTitle: 'XX酒店智能客控系统采购合同（修订）',
        deliveryDeadline: '2027-01-15',
        contractAmount: '150000.00',
        warrantyTerms: expect.objectContaining({
          warrantyPeriod: '2年',
          warrantyStartType: 'signing',
          warrantyScope: null,
        }),
      });
      expect(updated.paymentTerms.map((s) => [s.stage, s.paymentRatio, s.paymentAmount])).toEqual([
        ['首付款', 30, '45000.00'],
        ['尾款', 70, '105000.00'],
      ]);
      expect(updated.items.map((i) => i.subtotal)).toEqual(['150000.00']);
    });

    it('refuses a new amount the stored stages or items no longer add up to', async () => {
      const c = await created();
      const put = (b: object) => t.http.put(`/api/contracts/${c.contractId}`).set(as(w.tokens.sales)).send(b);
      expectFailure(await put({ contractAmount: 150000, items: [] }), 400, 'PAYMENT_TERMS_INVALID');
      expectFailure(await put({ contractAmount: 150000, paymentTerms: [] }), 400, 'CONTRACT_AMOUNT_MISMATCH');
      expectFailure(await put({}), 400, 'VALIDATION_ERROR');
      expectFailure(await put({ signedDate: '2027-02-01' }), 400, 'VALIDATION_ERROR');
      expect((await get(c.contractId)).contractAmount).toBe('140000.00');
    });

    it('refuses to edit a signed contract (422: an amendment is needed)', async () => {
      const c = await signed();
      expectFailure(
        await t.http.put(`/api/contracts/${c.contractId}`).set(as(w.tokens.sales)).send({ contractTitle: '改' }),
        422,
        'CONTRACT_NOT_EDITABLE',
      );
    });
  });

  describe('sign (7.5)', () => {
    it('moves a draft to signed with the signed date and time; only contracts.sign may', async () => {
      const c = await created();
      expectFailure(await sign(c.contractId, {}, w.tokens.sales), 403, 'FORBIDDEN');
      const s = expectSuccess<Record<string, unknown>>(await sign(c.contractId));
      expect(s).toEqual({
        contractId: c.contractId,
        status: 'signed',
        signedDate: '2026-11-25',
        signedAt: clock.now().toISOString(),
        // Starts on delivery: no dates until the goods are delivered.
        warrantyStartDate: null,
        warrantyEndDate: null,
        contractFile: null,
      });
      expect(await get(c.contractId)).toMatchObject({ status: 'signed', signedAt: clock.now().toISOString() });
      expectFailure(await sign(c.contractId), 422, 'CONTRACT_WRONG_STATE');
    });

    it('starts a warranty that runs from signing on the signed date and computes its end', async () => {
      const c = await created({ warrantyTerms: { warrantyPeriod: '12个月', warrantyStartType: 'signing' } });
      const s = expectSuccess<Record<string, unknown>>(await sign(c.contractId, { signedDate: '2024-01-31' }));
      expect(s).toMatchObject({ warrantyStartDate: '2024-01-31', warrantyEndDate: '2025-01-31' });
      expect((await get(c.contractId)).warrantyTerms).toMatchObject({
        warrantyStartDate: '2024-01-31',
        warrantyEndDate: '2025-01-31',
      });
    });

    it('starts a warranty that runs from delivery on the first delivery, once', async () => {
      const c = await signed();
      const deliver = (day: string) =>
        t.container.db.transaction((tx) =>
          t.container.contracts.signing.startWarrantyOnDelivery(c.contractId, day, w.managerUserId, tx),
        );
      expect(await deliver('2027-01-08')).toBe(true);
      expect(await deliver('2027-02-01')).toBe(false);
      expect((await get(c.contractId)).warrantyTerms).toMatchObject({
        warrantyStartDate: '2027-01-08',
        warrantyEndDate: '2028-01-08',
      });
    });

    it('needs payment stages (422), and a valid date (400)', async () => {
      const c = await created({ paymentTerms: [] });
      expectFailure(await sign(c.contractId), 422, 'CONTRACT_PAYMENT_TERMS_REQUIRED');
      expectFailure(await sign(c.contractId, { signedDate: '2026-13-01' }), 400, 'VALIDATION_ERROR');
    });

    it('records an uploaded PDF named by contractFileUrl as the next contract file; refuses a foreign URL', async () => {
      const c = await created();
      expectFailure(await sign(c.contractId, { contractFileUrl: 'http://example.com/x.pdf' }), 400, 'VALIDATION_ERROR');
      const up = expectSuccess<{ url: string }>(
        await t.http
          .post('/api/upload')
          .set(as(w.tokens.manager))
          .field('type', 'contract')
          .attach('file', tinyPdf(), { filename: 'scan.pdf', contentType: 'application/pdf' }),
      );
      const s = expectSuccess<{ contractFile: { fileVersion: number; fileUrl: string } }>(
        await sign(c.contractId, { contractFileUrl: up.url }),
      );
      expect(s.contractFile).toMatchObject({ fileVersion: 1, fileUrl: up.url });
      const files = expectSuccess<ContractFile[]>(
        await t.http.get(`/api/contracts/${c.contractId}/files`).set(as(w.tokens.sales)),
      );
      expect(files).toEqual([
        expect.objectContaining({ fileType: 'contract', fileVersion: 1, fileName: `${c.contractNo}-v1.pdf` }),
      ]);
      const upload = await UploadModel.findOne({ where: { url: up.url } });
      expect(upload?.attachedType).toBe('contract_file');
    });

    it('lets exactly one of two concurrent signers win', async () => {
      const c = await created();
      const results = await Promise.all([sign(c.contractId), sign(c.contractId)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    });
  });

  describe('amendments (7.6, 7.7)', () => {
    it('refuses an amendment of a draft (edit it instead)', async () => {
      const c = await created();
      expectFailure(
        await t.http
          .post(`/api/contracts/${c.contractId}/amendments`)
          .set(as(w.tokens.sales))
          .send({ amendmentTitle: '补充', amendmentType: 'other', amendmentContent: '内容' }),
        422,
        'CONTRACT_WRONG_STATE',
      );
    });

    it('changes the amount only when the amendment is signed, rebalancing the last unsettled stage', async () => {
      const c = await signed();
      const amend = (b: object) =>
        t.http.post(`/api/contracts/${c.contractId}/amendments`).set(as(w.tokens.sales)).send(b);
      const doc = {
        amendmentTitle: '补充协议：增加产品数量',
        amendmentType: 'product_change',
        amendmentContent: '因客户实际需求增加，合同产品数量从100台增加至120台',
        amountChange: 28000.0,
        newContractAmount: 168000.0,
        signedDate: '2026-11-30',
      };
      expectFailure(await amend({ ...doc, newContractAmount: 160000 }), 400, 'AMENDMENT_AMOUNT_INVALID');
      expectFailure(
        await amend({ ...doc, amountChange: -140000, newContractAmount: undefined }),
        400,
        'AMENDMENT_AMOUNT_INVALID',
      );
      expectFailure(await amend({ ...doc, amendmentType: 'whatever' }), 400, 'VALIDATION_ERROR');
      const a = expectSuccess<Amendment>(await amend(doc));
      expect(a).toMatchObject({
        amendmentNo: expect.stringMatching(new RegExp(`^AMEND-${year}-\\d{3}$`)),
        contractId: c.contractId,
        amendmentType: 'product_change',
        amountChange: '28000.00',
        newContractAmount: '168000.00',
        status: 'draft',
        signedDate: '2026-11-30',
      });
      expect((await get(c.contractId)).contractAmount).toBe('140000.00');
      const signAmendment = (token = w.tokens.manager) =>
        t.http.put(`/api/contracts/${c.contractId}/amendments/${a.amendmentId}/sign`).set(as(token)).send({});
      expectFailure(await signAmendment(w.tokens.sales), 403, 'FORBIDDEN');
      const s = expectSuccess<Amendment>(await signAmendment());
      expect(s).toMatchObject({ status: 'signed', signedDate: '2026-11-30', newContractAmount: '168000.00' });
      expectFailure(await signAmendment(), 422, 'AMENDMENT_WRONG_STATE');
      const after = await get(c.contractId);
      expect(after.contractAmount).toBe('168000.00');
      expect(after.paymentTerms.map((p) => [p.paymentAmount, p.paymentRatio])).toEqual([
        ['70000.00', 41.67],
        ['98000.00', 58.33],
      ]);
      expect(after.amendments).toEqual([expect.objectContaining({ amendmentNo: a.amendmentNo, status: 'signed' })]);

      const cut = expectSuccess<Amendment>(
        await amend({
          amendmentTitle: '减少',
          amendmentType: 'amount_change',
          amendmentContent: '减少',
          amountChange: '-8000',
        }),
      );
      expect(cut).toMatchObject({ amountChange: '-8000.00', newContractAmount: '160000.00' });
      const list = expectSuccess<Amendment[]>(
        await t.http.get(`/api/contracts/${c.contractId}/amendments`).set(as(w.tokens.sales)),
      );
      expect(list.map((x) => [x.amendmentNo, x.status])).toEqual([
        [a.amendmentNo, 'signed'],
        [cut.amendmentNo, 'draft'],
      ]);
      expectFailure(
        await t.http.put(`/api/contracts/${c.contractId}/amendments/999999/sign`).set(as(w.tokens.manager)).send({}),
        404,
        'AMENDMENT_NOT_FOUND',
      );
    });

    it('applies two amendments signed at the same time to the current amount, both of them', async () => {
      const c = await signed();
      const amendment = async (amountChange: number) =>
        expectSuccess<Amendment>(
          await t.http
            .post(`/api/contracts/${c.contractId}/amendments`)
            .set(as(w.tokens.sales))
            .send({ amendmentTitle: '追加', amendmentType: 'amount_change', amendmentContent: '追加', amountChange }),
        );
      const [a, b] = [await amendment(1000), await amendment(2000)];
      const results = await Promise.all(
        [a, b].map((x) =>
          t.http
            .put(`/api/contracts/${c.contractId}/amendments/${x.amendmentId}/sign`)
            .set(as(w.tokens.manager))
            .send({}),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const after = await get(c.contractId);
      expect(after.contractAmount).toBe('143000.00');
      expect(after.paymentTerms.map((p) => p.paymentAmount)).toEqual(['70000.00', '73000.00']);
      expect(after.paymentTerms.reduce((sum, p) => sum + Math.round(p.paymentRatio * 100), 0)).toBe(10_000);
    });

    it('refuses to sign an amendment that would take the amount below what was received', async () => {
      const c = await signed();
      await ContractModel.update({ receivedAmount: '100000.00' }, { where: { id: c.contractId } });
      const a = expectSuccess<Amendment>(
        await t.http.post(`/api/contracts/${c.contractId}/amendments`).set(as(w.tokens.sales)).send({
          amendmentTitle: '减少',
          amendmentType: 'amount_change',
          amendmentContent: '减少',
          amountChange: -50000,
        }),
      );
      expectFailure(
        await t.http
          .put(`/api/contracts/${c.contractId}/amendments/${a.amendmentId}/sign`)
          .set(as(w.tokens.manager))
          .send({}),
        400,
        'AMENDMENT_AMOUNT_INVALID',
      );
      expect((await get(c.contractId)).contractAmount).toBe('140000.00');
    });
  });

  describe('files (7.8-7.10)', () => {
    it('versions uploads per kind, lists them newest first, and never reuses a deleted version', async () => {
      const c = await created();
      const v1 = expectSuccess<ContractFile>(await uploadFile(c.contractId, 'contract'));
      expect(v1).toMatchObject({
        fileType: 'contract',
        fileVersion: 1,
        fileName: '合同.pdf',
        fileSize: tinyPdf().length,
      });
      expect(v1.fileUrl).toMatch(/\.pdf$/);
      expect(typeof v1.uploadedAt).toBe('string');
      const v2 = expectSuccess<ContractFile>(await uploadFile(c.contractId, null));
      expect(v2).toMatchObject({ fileType: 'contract', fileVersion: 2 });
      const att = expectSuccess<ContractFile>(await uploadFile(c.contractId, 'attachment'));
      expect(att.fileVersion).toBe(1);
      const list = async () =>
        expectSuccess<ContractFile[]>(await t.http.get(`/api/contracts/${c.contractId}/files`).set(as(w.tokens.sales)));
      expect((await list()).map((f) => [f.fileType, f.fileVersion])).toEqual([
        ['attachment', 1],
        ['contract', 2],
        ['contract', 1],
      ]);
      const del = (fileId: number) =>
        t.http.delete(`/api/contracts/${c.contractId}/files/${fileId}`).set(as(w.tokens.sales));
      expect(expectSuccess(await del(v2.fileId))).toEqual({ fileId: v2.fileId, deleted: true });
      expectFailure(await del(v2.fileId), 404, 'CONTRACT_FILE_NOT_FOUND');
      expect((await UploadModel.findOne({ where: { url: v2.fileUrl } }))?.attachedAt).toBeNull();
      const v3 = expectSuccess<ContractFile>(await uploadFile(c.contractId, 'contract'));
      expect(v3.fileVersion).toBe(3);
      expect((await list()).map((f) => f.fileVersion)).toEqual([1, 3, 1]);
    });

    it('gives two concurrent uploads of one kind the next two versions', async () => {
      const c = await created();
      const results = await Promise.all([uploadFile(c.contractId, 'contract'), uploadFile(c.contractId, 'contract')]);
      expect(results.map((r) => expectSuccess<ContractFile>(r).fileVersion).sort()).toEqual([1, 2]);
    });

    it('takes PDFs only (415), a known file type (400), and needs the file (400)', async () => {
      const c = await created();
      expectFailure(await uploadFile(c.contractId, 'contract', await solidPng(8, 8)), 415, 'FILE_TYPE_NOT_ALLOWED');
      expectFailure(await uploadFile(c.contractId, 'photo'), 400, 'VALIDATION_ERROR');
      expectFailure(
        await t.http.post(`/api/contracts/${c.contractId}/files`).set(as(w.tokens.sales)).field('fileType', 'contract'),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('keeps a signed contract’s contract file (422) but lets its attachments go', async () => {
      const c = await created();
      const file = expectSuccess<ContractFile>(await uploadFile(c.contractId, 'contract'));
      const att = expectSuccess<ContractFile>(await uploadFile(c.contractId, 'attachment'));
      expectSuccess(await sign(c.contractId));
      const del = (fileId: number) =>
        t.http.delete(`/api/contracts/${c.contractId}/files/${fileId}`).set(as(w.tokens.sales));
      expectFailure(await del(file.fileId), 422, 'CONTRACT_FILE_LOCKED');
      expectSuccess(await del(att.fileId));
    });

    it('hides another owner’s contract files (404)', async () => {
      const other = await created(
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
        w.tokens.manager,
      );
      expectFailure(await uploadFile(other.contractId, 'contract'), 404, 'CONTRACT_NOT_FOUND');
      expectFailure(
        await t.http.get(`/api/contracts/${other.contractId}/files`).set(as(w.tokens.sales)),
        404,
        'CONTRACT_NOT_FOUND',
      );
    });
  });

  describe('progress (7.11)', () => {
    it('reports 004’s example: shipped 100 %, received 50 %, invoiced 0 % → execution 50 %', async () => {
      const c = await signed();
      await ContractModel.update(
        { shippedAmount: '140000.00', receivedAmount: '70000.00', invoicedAmount: '0' },
        { where: { id: c.contractId } },
      );
      await ContractItemModel.update({ shippedQuantity: 100 }, { where: { contractId: c.contractId } });
      const p = expectSuccess<Record<string, unknown>>(
        await t.http.get(`/api/contracts/${c.contractId}/progress`).set(as(w.tokens.sales)),
      );
      expect(p).toMatchObject({
        contractId: c.contractId,
        contractAmount: '140000.00',
        shippedAmount: '140000.00',
        shippedProgress: 100,
        receivedAmount: '70000.00',
        receivedProgress: 50,
        invoicedAmount: '0.00',
        invoicedProgress: 0,
        executionProgress: 50,
        totalQuantity: 100,
        shippedQuantity: 100,
        quantityProgress: 100,
        shipments: [],
        payments: [],
      });
      expect(p.items).toEqual([expect.objectContaining({ quantity: 100, shippedQuantity: 100, shippedProgress: 100 })]);
      expect((await get(c.contractId)).executionProgress).toBe(50);
    });

    it('rounds to one decimal and is 404 for another owner’s contract', async () => {
      const c = await signed();
      await ContractModel.update({ receivedAmount: '46666.67' }, { where: { id: c.contractId } });
      const p = expectSuccess<Record<string, number>>(
        await t.http.get(`/api/contracts/${c.contractId}/progress`).set(as(w.tokens.manager)),
      );
      expect(p.receivedProgress).toBe(33.3);
      expect(p.executionProgress).toBe(11.1);
      const other = await created(
        { customerId: w.otherCustomerId, customerContactId: w.otherContactId },
        w.tokens.manager,
      );
      expectFailure(
        await t.http.get(`/api/contracts/${other.contractId}/progress`).set(as(w.tokens.sales)),
        404,
        'CONTRACT_NOT_FOUND',
      );
    });
  });
});
