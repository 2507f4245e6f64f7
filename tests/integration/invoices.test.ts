import ExcelJS from 'exceljs';
import { signedContract } from '../authz/finance-fixtures';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Invoice {
  invoiceId: number;
  invoiceNo: string | null;
  contractId: number;
  customerId: number;
  paymentId: number | null;
  invoiceType: string;
  invoiceAmount: string;
  invoiceDate: string | null;
  invoiceTitle: string;
  status: string;
  confirmDate: string | null;
  [key: string]: unknown;
}
interface Page<T> {
  list: T[];
  pagination: { total: number };
}

describe('invoices (004 §11)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  let finance: string;
  const clock = new FakeClock(Date.parse('2026-11-20T02:00:00Z'));
  let invoiceNo = 10000000;
  const nextNo = () => String((invoiceNo += 1));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
    finance = await t.login('finance', 'finance123');
  }, 30_000);
  afterAll(() => t.close());

  const contract = (customerId = w.customerId, signedDate = '2026-11-01', amount = 140000) =>
    signedContract(
      t,
      { creator: w.tokens.manager, signer: w.tokens.manager },
      {
        customerId,
        contractAmount: amount,
        signedDate,
        stages: [{ stage: '全款', paymentRatio: 100, paymentAmount: amount, planDate: '2027-01-15' }],
      },
    );
  const body = (contractId: number, overrides: Record<string, unknown> = {}) => ({
    contractId,
    invoiceType: 'vat_special',
    invoiceAmount: 70000.0,
    invoiceDate: '2026-12-27',
    invoiceTitle: 'XX商务酒店有限公司',
    taxNumber: '91440300XXXXXXXXXX',
    companyAddress: '广东省深圳市南山区XX路XX号',
    companyPhone: '0755-12345678',
    bankName: '工商银行深圳分行',
    bankAccount: '6222XXXXXXXXXXXX',
    invoiceNote: '首付款开票',
    ...overrides,
  });
  const create = (b: Record<string, unknown>, token = finance) => t.http.post('/api/invoices').set(as(token)).send(b);
  const created = async (b: Record<string, unknown>) => expectSuccess<Invoice>(await create(b));
  const confirm = (id: number, extra: Record<string, unknown> = {}, token = finance) =>
    t.http
      .put(`/api/invoices/${id}/confirm`)
      .set(as(token))
      .send({ invoiceNo: nextNo(), ...extra });
  const voidIt = (id: number) =>
    t.http.put(`/api/invoices/${id}/void`).set(as(finance)).send({ voidReason: '客户信息错误，需重新开具' });
  const invoicedOf = async (id: number) =>
    expectSuccess<{ invoicedAmount: string }>(await t.http.get(`/api/contracts/${id}`).set(as(finance))).invoicedAmount;

  describe('create (11.2) and detail (11.3)', () => {
    it('registers the documented example as a draft without an invoice number', async () => {
      const c = await contract();
      const inv = await created(body(c.contractId));
      expect(inv).toMatchObject({
        invoiceNo: null,
        contractId: c.contractId,
        contractNo: expect.stringMatching(/^CONT-2026-/),
        customerId: w.customerId,
        customerName: '演示酒店集团',
        paymentId: null,
        invoiceType: 'vat_special',
        invoiceAmount: '70000.00',
        invoiceDate: '2026-12-27',
        invoiceTitle: 'XX商务酒店有限公司',
        taxNumber: '91440300XXXXXXXXXX',
        status: 'draft',
        confirmDate: null,
      });
      expect(
        expectSuccess<Invoice>(await t.http.get(`/api/invoices/${inv.invoiceId}`).set(as(w.tokens.sales))),
      ).toEqual(inv);
    });

    it('a VAT special invoice needs the buyer details; a normal one does not', async () => {
      const c = await contract();
      const res = await create(body(c.contractId, { taxNumber: undefined, bankAccount: '' }));
      const err = expectFailure(res, 400, 'VALIDATION_ERROR');
      expect(JSON.stringify(err.error.details)).toContain('taxNumber');
      expect(JSON.stringify(err.error.details)).toContain('bankAccount');
      const normal = await created(
        body(c.contractId, {
          invoiceType: 'vat_normal',
          taxNumber: undefined,
          companyAddress: undefined,
          companyPhone: undefined,
          bankName: undefined,
          bankAccount: undefined,
        }),
      );
      expect(normal.taxNumber).toBeNull();
    });

    it('refuses bad input with 400, unsigned or unknown contracts, and a payment of another contract', async () => {
      const c = await contract();
      for (const overrides of [{ invoiceType: 'receipt' }, { invoiceAmount: 0 }, { invoiceTitle: '' }]) {
        expectFailure(await create(body(c.contractId, overrides)), 400, 'VALIDATION_ERROR');
      }
      expectFailure(await create(body(999999)), 400, 'FINANCE_CONTRACT_INVALID');
      const draft = await t.http
        .post('/api/contracts')
        .set(as(w.tokens.sales))
        .send({ contractTitle: '草稿', customerId: w.customerId, contractAmount: 100 });
      expectFailure(await create(body(draft.body.data.contractId)), 422, 'FINANCE_CONTRACT_NOT_SIGNED');
      const other = await contract();
      const payment = await t.http
        .post('/api/payments')
        .set(as(finance))
        .send({ contractId: other.contractId, paymentAmount: 1, paymentDate: '2026-11-18', paymentMethod: 'cash' });
      const paymentId = payment.body.data.paymentId as number;
      expectFailure(await create(body(c.contractId, { paymentId })), 400, 'INVOICE_PAYMENT_INVALID');
      expect((await created(body(other.contractId, { paymentId, invoiceAmount: 1 }))).paymentId).toBe(paymentId);
      expectFailure(await create(body(c.contractId), w.tokens.sales), 403, 'FORBIDDEN');
    });

    it('an invoice larger than what is not yet invoiced is 422', async () => {
      const c = await contract();
      expectFailure(await create(body(c.contractId, { invoiceAmount: 140000.01 })), 422, 'INVOICE_EXCEEDS_CONTRACT');
    });
  });

  describe('update (11.4)', () => {
    it('edits drafts only', async () => {
      const c = await contract();
      const inv = await created(body(c.contractId));
      const edited = expectSuccess<Invoice>(
        await t.http
          .put(`/api/invoices/${inv.invoiceId}`)
          .set(as(finance))
          .send({ invoiceTitle: 'XX商务酒店集团有限公司', companyAddress: '更新后的地址' }),
        '修改成功',
      );
      expect(edited).toMatchObject({ invoiceTitle: 'XX商务酒店集团有限公司', companyAddress: '更新后的地址' });
      expectFailure(
        await t.http.put(`/api/invoices/${inv.invoiceId}`).set(as(finance)).send({ taxNumber: '' }),
        400,
        'VALIDATION_ERROR',
      );
      expectFailure(
        await t.http.put(`/api/invoices/${inv.invoiceId}`).set(as(finance)).send({ invoiceAmount: 140000.01 }),
        422,
        'INVOICE_EXCEEDS_CONTRACT',
      );
      expectFailure(
        await t.http.put(`/api/invoices/${inv.invoiceId}`).set(as(finance)).send({}),
        400,
        'VALIDATION_ERROR',
      );
      expectSuccess(await confirm(inv.invoiceId));
      expectFailure(
        await t.http.put(`/api/invoices/${inv.invoiceId}`).set(as(finance)).send({ invoiceNote: '改' }),
        422,
        'INVOICE_WRONG_STATE',
      );
    });
  });

  describe('confirm (11.5) and void (11.6)', () => {
    it('confirming sets number and date and adds to the contract; voiding gives it back', async () => {
      const c = await contract();
      const inv = await created(body(c.contractId, { invoiceDate: undefined, invoiceAmount: '0.10' }));
      const done = expectSuccess<Invoice>(await confirm(inv.invoiceId, { invoiceNo: '12345678' }), '确认成功');
      expect(done).toMatchObject({
        invoiceNo: '12345678',
        invoiceDate: '2026-11-20',
        status: 'confirmed',
        confirmDate: '2026-11-20T02:00:00.000Z',
      });
      expect(await invoicedOf(c.contractId)).toBe('0.10');
      const second = await created(body(c.contractId, { invoiceAmount: '0.20' }));
      expectSuccess(await confirm(second.invoiceId, { invoiceDate: '2026-12-28' }));
      expect(await invoicedOf(c.contractId)).toBe('0.30');
      expectFailure(await confirm(inv.invoiceId), 422, 'INVOICE_WRONG_STATE');
      const voided = expectSuccess<Invoice>(await voidIt(inv.invoiceId), '作废成功');
      expect(voided).toMatchObject({ status: 'voided', voidReason: '客户信息错误，需重新开具' });
      expect(await invoicedOf(c.contractId)).toBe('0.20');
      expectFailure(await voidIt(inv.invoiceId), 422, 'INVOICE_WRONG_STATE');
      const draft = await created(body(c.contractId, { invoiceAmount: 5 }));
      expectSuccess(await voidIt(draft.invoiceId));
      expect(await invoicedOf(c.contractId)).toBe('0.20');
    });

    it('the invoiced total never passes the contract amount (422, nothing changes)', async () => {
      const c = await contract(w.customerId, '2026-11-01', 100);
      const a = await created(body(c.contractId, { invoiceAmount: 60 }));
      const b = await created(body(c.contractId, { invoiceAmount: 60 }));
      expectSuccess(await confirm(a.invoiceId));
      expectFailure(await confirm(b.invoiceId), 422, 'INVOICE_EXCEEDS_CONTRACT');
      const still = expectSuccess<Invoice>(await t.http.get(`/api/invoices/${b.invoiceId}`).set(as(finance)));
      expect(still).toMatchObject({ status: 'draft', invoiceNo: null });
      expect(await invoicedOf(c.contractId)).toBe('60.00');
      const exact = await created(body(c.contractId, { invoiceAmount: 40 }));
      expectSuccess(await confirm(exact.invoiceId));
      expect(await invoicedOf(c.contractId)).toBe('100.00');
    });

    it('an invoice number is issued once (409); a confirm needs a number; sales may not confirm', async () => {
      const c = await contract();
      const a = await created(body(c.contractId, { invoiceAmount: 1 }));
      const b = await created(body(c.contractId, { invoiceAmount: 1 }));
      expectSuccess(await confirm(a.invoiceId, { invoiceNo: '88880001' }));
      expectFailure(await confirm(b.invoiceId, { invoiceNo: '88880001' }), 409, 'INVOICE_NO_EXISTS');
      expect(await invoicedOf(c.contractId)).toBe('1.00');
      expectFailure(
        await t.http.put(`/api/invoices/${b.invoiceId}/confirm`).set(as(finance)).send({}),
        400,
        'VALIDATION_ERROR',
      );
      expectFailure(await confirm(b.invoiceId, {}, w.tokens.sales), 403, 'FORBIDDEN');
      expectFailure(await confirm(999999), 404, 'INVOICE_NOT_FOUND');
    });

    it('Idempotency-Key on create and confirm replays the first answer', async () => {
      const c = await contract();
      const b = body(c.contractId, { invoiceAmount: 3 });
      const first = await create(b).set('Idempotency-Key', 'inv-create-1');
      const again = await create(b).set('Idempotency-Key', 'inv-create-1');
      expect(again.body.data.invoiceId).toBe(first.body.data.invoiceId);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expectFailure(
        await create({ ...b, invoiceAmount: 4 }).set('Idempotency-Key', 'inv-create-1'),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      const id = first.body.data.invoiceId as number;
      const confirmBody = { invoiceNo: nextNo() };
      const c1 = await t.http
        .put(`/api/invoices/${id}/confirm`)
        .set(as(finance))
        .set('Idempotency-Key', 'k1')
        .send(confirmBody);
      const c2 = await t.http
        .put(`/api/invoices/${id}/confirm`)
        .set(as(finance))
        .set('Idempotency-Key', 'k1')
        .send(confirmBody);
      expect(expectSuccess<Invoice>(c2)).toEqual(expectSuccess<Invoice>(c1));
      expect(await invoicedOf(c.contractId)).toBe('3.00');
    });
  });

  describe('list (11.1), statistics (11.7) and export (11.8)', () => {
    it('lists with filters and scope, sums by type and month, and exports safe cells', async () => {
      const window = 'startDate=2026-05-01&endDate=2026-05-31';
      const c1 = await contract(w.customerId, '2026-05-10');
      const c2 = await contract(w.otherCustomerId, '2026-05-11', 60000);
      const a = await created(body(c1.contractId, { invoiceAmount: 50000, invoiceDate: '2026-11-05' }));
      const b = await created(
        body(c1.contractId, { invoiceType: 'vat_normal', invoiceAmount: '20000.50', invoiceDate: '2026-12-01' }),
      );
      const d = await created(body(c2.contractId, { invoiceAmount: 30000, invoiceDate: '2026-12-02' }));
      await created(body(c1.contractId, { invoiceAmount: 1, invoiceTitle: '=CMD|calc', invoiceDate: '2026-12-03' }));
      for (const inv of [a, b, d]) expectSuccess(await confirm(inv.invoiceId));

      const list = async (query: string, token = finance) =>
        expectSuccess<Page<Invoice>>(await t.http.get(`/api/invoices?${query}`).set(as(token)));
      expect((await list(`contractId=${c1.contractId}`)).pagination.total).toBe(3);
      expect((await list(`contractId=${c1.contractId}&status=draft`)).list).toHaveLength(1);
      expect((await list(`contractId=${c1.contractId}&invoiceType=vat_normal`)).list.map((i) => i.invoiceId)).toEqual([
        b.invoiceId,
      ]);
      expect(
        (await list(`contractId=${c1.contractId}&startDate=2026-12-01&endDate=2026-12-01`)).list.map(
          (i) => i.invoiceId,
        ),
      ).toEqual([b.invoiceId]);
      expect((await list(`contractId=${c2.contractId}`, w.tokens.sales)).list).toEqual([]);
      expectFailure(await t.http.get('/api/invoices?invoiceType=x').set(as(finance)), 400, 'VALIDATION_ERROR');

      const stats = expectSuccess<Record<string, unknown>>(
        await t.http.get(`/api/invoices/statistics?${window}`).set(as(finance)),
      );
      expect(stats).toEqual({
        totalContractAmount: '200000.00',
        totalInvoicedAmount: '100000.50',
        totalUninvoicedAmount: '99999.50',
        invoicedRate: 50,
        byType: { vat_special: '80000.00', vat_normal: '20000.50' },
        byMonth: [
          { month: '2026-11', invoicedAmount: '50000.00', invoiceCount: 1 },
          { month: '2026-12', invoicedAmount: '50000.50', invoiceCount: 2 },
        ],
      });
      const own = expectSuccess<{ totalInvoicedAmount: string }>(
        await t.http.get(`/api/invoices/statistics?${window}`).set(as(w.tokens.sales)),
      );
      expect(own.totalInvoicedAmount).toBe('70000.50');

      const res = await t.http
        .get(`/api/invoices/export?contractId=${c1.contractId}`)
        .set(as(finance))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (x: Buffer) => chunks.push(x));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.rowCount).toBe(4);
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const titles = [2, 3, 4].map((r) => sheet.getRow(r).getCell(header.indexOf('发票抬头') + 1).value);
      expect(titles).toContain(`'=CMD|calc`);
      const amounts = [2, 3, 4].map((r) => sheet.getRow(r).getCell(header.indexOf('开票金额') + 1).value);
      expect(amounts).toEqual(expect.arrayContaining(['50000.00', '20000.50', '1.00']));
      expectFailure(await t.http.get('/api/invoices/export').set(as(w.tokens.sales)), 403, 'FORBIDDEN');
    });
  });
});
