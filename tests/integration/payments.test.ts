import ExcelJS from 'exceljs';
import { signedContract } from '../authz/finance-fixtures';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Payment {
  paymentId: number;
  paymentNo: string;
  contractId: number;
  contractNo: string | null;
  customerId: number;
  customerName: string | null;
  stageId: number | null;
  paymentStage: string | null;
  paymentAmount: string;
  expectedAmount: string | null;
  stagePaidAmount: string | null;
  stageBalanceAmount: string | null;
  isStageSettled: 0 | 1 | null;
  status: string;
  confirmDate: string | null;
  [key: string]: unknown;
}
interface Stage {
  stageId: number;
  paidAmount: string;
  settled: boolean;
  settledAt: string | null;
}
interface Page<T> {
  list: T[];
  pagination: { total: number };
}

describe('payments (004 §10)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  let finance: string;
  const clock = new FakeClock(Date.parse('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
    finance = await t.login('finance', 'finance123');
  }, 30_000);
  afterAll(() => t.close());

  /** 140 000.00 in two stages of 70 000.00: 首付款 due 2026-11-10 (overdue on the 20th), 尾款 due 2027-01-15. */
  const contract = (customerId = w.customerId, signedDate = '2026-11-01') =>
    signedContract(
      t,
      { creator: w.tokens.manager, signer: w.tokens.manager },
      {
        customerId,
        contractAmount: 140000,
        signedDate,
        stages: [
          { stage: '首付款', paymentRatio: 50, paymentAmount: 70000, planDate: '2026-11-10' },
          { stage: '尾款', paymentRatio: 50, paymentAmount: 70000, planDate: '2027-01-15' },
        ],
      },
    );
  const body = (contractId: number, overrides: Record<string, unknown> = {}) => ({
    contractId,
    paymentStage: '首付款',
    paymentAmount: 70000.0,
    paymentDate: '2026-11-18',
    paymentMethod: 'bank_transfer',
    bankAccount: '工商银行深圳分行账户',
    transactionNo: '202611180001',
    payerName: 'XX商务酒店有限公司',
    paymentNote: '首付款按时到账',
    ...overrides,
  });
  const create = (b: Record<string, unknown>, token = finance) => t.http.post('/api/payments').set(as(token)).send(b);
  const created = async (b: Record<string, unknown>) => expectSuccess<Payment>(await create(b));
  const confirm = (id: number, token = finance) =>
    t.http.put(`/api/payments/${id}/confirm`).set(as(token)).send({ confirmNote: '已核实银行到账' });
  const voidIt = (id: number, token = finance) =>
    t.http.put(`/api/payments/${id}/void`).set(as(token)).send({ voidReason: '收款记录重复，作废' });
  const contractOf = async (id: number) =>
    expectSuccess<{ receivedAmount: string; paymentTerms: Stage[] }>(
      await t.http.get(`/api/contracts/${id}`).set(as(finance)),
    );

  describe('create (10.2) and detail (10.3)', () => {
    it('registers the documented example as a draft tied to the named stage', async () => {
      const c = await contract();
      const p = await created(body(c.contractId));
      expect(p).toMatchObject({
        paymentNo: expect.stringMatching(/^PAY-2026-\d{3}$/),
        contractId: c.contractId,
        contractNo: expect.stringMatching(/^CONT-2026-/),
        customerId: w.customerId,
        customerName: '演示酒店集团',
        stageId: c.stageIds[0],
        paymentStage: '首付款',
        paymentAmount: '70000.00',
        paymentDate: '2026-11-18',
        paymentMethod: 'bank_transfer',
        expectedAmount: '70000.00',
        stagePaidAmount: '0.00',
        stageBalanceAmount: '70000.00',
        isStageSettled: 0,
        status: 'draft',
        confirmDate: null,
      });
      const detail = expectSuccess<Payment>(await t.http.get(`/api/payments/${p.paymentId}`).set(as(w.tokens.sales)));
      expect(detail).toEqual(p);
    });

    it('numbers payments PAY-<year>-nnn in sequence', async () => {
      const c = await contract();
      const a = await created(body(c.contractId, { paymentAmount: 1 }));
      const b = await created(body(c.contractId, { paymentAmount: 1 }));
      expect(Number(b.paymentNo.slice(-3))).toBe(Number(a.paymentNo.slice(-3)) + 1);
    });

    it('takes a stage by id, or no stage at all', async () => {
      const c = await contract();
      const byId = await created(
        body(c.contractId, { paymentStage: undefined, stageId: c.stageIds[1], paymentAmount: 5 }),
      );
      expect(byId).toMatchObject({ stageId: c.stageIds[1], paymentStage: '尾款', expectedAmount: '70000.00' });
      const none = await created(body(c.contractId, { paymentStage: undefined, paymentAmount: 5 }));
      expect(none).toMatchObject({
        stageId: null,
        paymentStage: null,
        expectedAmount: null,
        stagePaidAmount: null,
        stageBalanceAmount: null,
        isStageSettled: null,
      });
    });

    it('refuses bad input with 400 naming the field', async () => {
      const c = await contract();
      const cases: [Record<string, unknown>, string][] = [
        [{ paymentAmount: 0 }, 'paymentAmount'],
        [{ paymentAmount: '1.005' }, 'paymentAmount'],
        [{ paymentAmount: -5 }, 'paymentAmount'],
        [{ paymentDate: '2026-02-30' }, 'paymentDate'],
        [{ paymentMethod: 'gold' }, 'paymentMethod'],
        [{ contractId: 'x' }, 'contractId'],
      ];
      for (const [overrides, field] of cases) {
        const res = await create(body(c.contractId, overrides));
        const err = expectFailure(res, 400, 'VALIDATION_ERROR');
        expect(JSON.stringify(err.error.details)).toContain(field);
      }
      const noMethod = { ...body(c.contractId) } as Record<string, unknown>;
      delete noMethod.paymentMethod;
      expectFailure(await create(noMethod), 400, 'VALIDATION_ERROR');
    });

    it('needs a signed contract the caller can see, and a stage of it', async () => {
      const draft = await t.http
        .post('/api/contracts')
        .set(as(w.tokens.sales))
        .send({ contractTitle: '草稿', customerId: w.customerId, contractAmount: 100 });
      expectFailure(await create(body(draft.body.data.contractId)), 422, 'FINANCE_CONTRACT_NOT_SIGNED');
      expectFailure(await create(body(999999)), 400, 'FINANCE_CONTRACT_INVALID');
      const c = await contract();
      expectFailure(await create(body(c.contractId, { paymentStage: '质保金' })), 400, 'PAYMENT_STAGE_INVALID');
      expectFailure(await create(body(c.contractId, { stageId: 999999 })), 400, 'PAYMENT_STAGE_INVALID');
      expectFailure(
        await create(body(c.contractId, { stageId: c.stageIds[1], paymentStage: '首付款' })),
        400,
        'PAYMENT_STAGE_INVALID',
      );
    });

    it('refuses a payment larger than the stage or the contract still lacks (422)', async () => {
      const c = await contract();
      expectFailure(await create(body(c.contractId, { paymentAmount: 70000.01 })), 422, 'PAYMENT_EXCEEDS_STAGE');
      expectFailure(
        await create(body(c.contractId, { paymentStage: undefined, paymentAmount: 140000.01 })),
        422,
        'PAYMENT_EXCEEDS_CONTRACT',
      );
    });

    it('sales read payments but may not register them (403)', async () => {
      const c = await contract();
      expectFailure(await create(body(c.contractId), w.tokens.sales), 403, 'FORBIDDEN');
    });
  });

  describe('confirm (10.4) and void (10.5)', () => {
    it('confirming adds the amount to the contract and settles the stage; sales may not confirm', async () => {
      const c = await contract();
      const p = await created(body(c.contractId));
      expectFailure(await confirm(p.paymentId, w.tokens.sales), 403, 'FORBIDDEN');
      const done = expectSuccess<Payment>(await confirm(p.paymentId), '确认成功');
      expect(done).toMatchObject({
        status: 'confirmed',
        confirmDate: '2026-11-20T02:00:00.000Z',
        confirmNote: '已核实银行到账',
        stagePaidAmount: '70000.00',
        stageBalanceAmount: '0.00',
        isStageSettled: 1,
      });
      const after = await contractOf(c.contractId);
      expect(after.receivedAmount).toBe('70000.00');
      expect(after.paymentTerms[0]).toMatchObject({ paidAmount: '70000.00', settled: true });
      expect(after.paymentTerms[0].settledAt).toBe('2026-11-20T02:00:00.000Z');
      expect(after.paymentTerms[1]).toMatchObject({ paidAmount: '0.00', settled: false });
      expectFailure(await confirm(p.paymentId), 422, 'PAYMENT_WRONG_STATE');
      expect((await contractOf(c.contractId)).receivedAmount).toBe('70000.00');
    });

    it('adds cents exactly and voiding a confirmed payment gives its amount back', async () => {
      const c = await contract();
      const parts = ['0.10', '0.20', '69999.70'];
      const ids: number[] = [];
      for (const amount of parts) ids.push((await created(body(c.contractId, { paymentAmount: amount }))).paymentId);
      for (const id of ids) expectSuccess(await confirm(id));
      let after = await contractOf(c.contractId);
      expect(after.receivedAmount).toBe('70000.00');
      expect(after.paymentTerms[0]).toMatchObject({ paidAmount: '70000.00', settled: true });
      const voided = expectSuccess<Payment>(await voidIt(ids[0]), '作废成功');
      expect(voided).toMatchObject({
        status: 'cancelled',
        voidReason: '收款记录重复，作废',
        stagePaidAmount: '69999.90',
        stageBalanceAmount: '0.10',
        isStageSettled: 0,
      });
      after = await contractOf(c.contractId);
      expect(after.receivedAmount).toBe('69999.90');
      expect(after.paymentTerms[0]).toMatchObject({ paidAmount: '69999.90', settled: false, settledAt: null });
      expectFailure(await voidIt(ids[0]), 422, 'PAYMENT_WRONG_STATE');
      expectFailure(await confirm(ids[0]), 422, 'PAYMENT_WRONG_STATE');
      expect((await contractOf(c.contractId)).receivedAmount).toBe('69999.90');
    });

    it('voiding a draft changes no amount; a void needs a reason', async () => {
      const c = await contract();
      const p = await created(body(c.contractId, { paymentAmount: 100 }));
      const bad = await t.http.put(`/api/payments/${p.paymentId}/void`).set(as(finance)).send({});
      expectFailure(bad, 400, 'VALIDATION_ERROR');
      expectSuccess(await voidIt(p.paymentId));
      expect((await contractOf(c.contractId)).receivedAmount).toBe('0.00');
    });

    it('two drafts that together pass the stage: the second confirm is refused and changes nothing', async () => {
      const c = await contract();
      const a = await created(body(c.contractId, { paymentAmount: 40000 }));
      const b = await created(body(c.contractId, { paymentAmount: 40000 }));
      expectSuccess(await confirm(a.paymentId));
      expectFailure(await confirm(b.paymentId), 422, 'PAYMENT_EXCEEDS_STAGE');
      const still = expectSuccess<Payment>(await t.http.get(`/api/payments/${b.paymentId}`).set(as(finance)));
      expect(still.status).toBe('draft');
      expect((await contractOf(c.contractId)).receivedAmount).toBe('40000.00');
    });

    it('unknown and foreign payments are 404', async () => {
      expectFailure(await confirm(999999), 404, 'PAYMENT_NOT_FOUND');
      const other = await contract(w.otherCustomerId);
      const p = await created(body(other.contractId, { paymentAmount: 1 }));
      expectFailure(await t.http.get(`/api/payments/${p.paymentId}`).set(as(w.tokens.sales)), 404, 'PAYMENT_NOT_FOUND');
    });
  });

  describe('Idempotency-Key', () => {
    it('replays a create and a confirm with the same key and body; another body is 422', async () => {
      const c = await contract();
      const b = body(c.contractId, { paymentAmount: 10 });
      const first = await create(b).set('Idempotency-Key', 'pay-create-1');
      const again = await create(b).set('Idempotency-Key', 'pay-create-1');
      expect(expectSuccess<Payment>(again).paymentId).toBe(expectSuccess<Payment>(first).paymentId);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expectFailure(
        await create({ ...b, paymentAmount: 11 }).set('Idempotency-Key', 'pay-create-1'),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      const id = first.body.data.paymentId as number;
      const c1 = await confirm(id).set('Idempotency-Key', 'pay-confirm-1');
      const c2 = await confirm(id).set('Idempotency-Key', 'pay-confirm-1');
      expect(expectSuccess<Payment>(c2)).toEqual(expectSuccess<Payment>(c1));
      expect(c2.headers['idempotent-replayed']).toBe('true');
      expect((await contractOf(c.contractId)).receivedAmount).toBe('10.00');
    });
  });

  describe('list (10.1)', () => {
    it('filters by contract, status, method and payment date; sales see only their customers', async () => {
      const c = await contract();
      const a = await created(body(c.contractId, { paymentAmount: 1, paymentDate: '2026-10-01' }));
      const b = await created(
        body(c.contractId, { paymentAmount: 2, paymentDate: '2026-10-05', paymentMethod: 'cash' }),
      );
      expectSuccess(await confirm(b.paymentId));
      const list = async (query: string, token = finance) =>
        expectSuccess<Page<Payment>>(await t.http.get(`/api/payments?${query}`).set(as(token)));
      const all = await list(`contractId=${c.contractId}`);
      expect(all.list.map((p) => p.paymentId)).toEqual([b.paymentId, a.paymentId]);
      expect(all.pagination.total).toBe(2);
      expect((await list(`contractId=${c.contractId}&status=confirmed`)).list.map((p) => p.paymentId)).toEqual([
        b.paymentId,
      ]);
      expect((await list(`contractId=${c.contractId}&paymentMethod=cash`)).list).toHaveLength(1);
      expect(
        (await list(`contractId=${c.contractId}&startDate=2026-10-02&endDate=2026-10-31`)).list.map((p) => p.paymentId),
      ).toEqual([b.paymentId]);
      expect((await list(`contractId=${c.contractId}&page=2&pageSize=1`)).list.map((p) => p.paymentId)).toEqual([
        a.paymentId,
      ]);
      expectFailure(
        await t.http.get('/api/payments?startDate=2026-10-05&endDate=2026-10-01').set(as(finance)),
        400,
        'VALIDATION_ERROR',
      );
      expectFailure(await t.http.get('/api/payments?status=paid').set(as(finance)), 400, 'VALIDATION_ERROR');
      const other = await contract(w.otherCustomerId);
      await created(body(other.contractId, { paymentAmount: 3 }));
      const salesView = await list('pageSize=100', w.tokens.sales);
      expect(salesView.list.length).toBeGreaterThan(0);
      expect(salesView.list.every((p) => p.customerId === w.customerId)).toBe(true);
      expect((await list(`contractId=${other.contractId}`, w.tokens.sales)).list).toEqual([]);
    });
  });

  describe('statistics (10.6) and overdue (10.7)', () => {
    it('sums contract, received and receivable amounts by customer, with the overdue balance', async () => {
      const window = 'startDate=2026-06-01&endDate=2026-06-30';
      const c1 = await contract(w.customerId, '2026-06-10');
      const c2 = await contract(w.otherCustomerId, '2026-06-11');
      const p = await created(body(c1.contractId, { paymentAmount: '30000.55' }));
      expectSuccess(await confirm(p.paymentId));
      const q = await created(body(c2.contractId, { paymentStage: '尾款', paymentAmount: 70000 }));
      expectSuccess(await confirm(q.paymentId));
      const stats = expectSuccess<Record<string, unknown>>(
        await t.http.get(`/api/payments/statistics?${window}`).set(as(finance)),
      );
      expect(stats).toEqual({
        totalContractAmount: '280000.00',
        totalReceivedAmount: '100000.55',
        totalReceivableAmount: '179999.45',
        receivedRate: 35.7,
        // 首付款 of c1 (70000 − 30000.55) and of c2 (70000), both due 2026-11-10.
        overdueReceivableAmount: '109999.45',
        byCustomer: [
          {
            customerId: w.customerId,
            customerName: '演示酒店集团',
            contractAmount: '140000.00',
            receivedAmount: '30000.55',
            receivableAmount: '109999.45',
          },
          expect.objectContaining({
            customerId: w.otherCustomerId,
            contractAmount: '140000.00',
            receivedAmount: '70000.00',
            receivableAmount: '70000.00',
          }),
        ],
      });
      const own = expectSuccess<{ byCustomer: unknown[]; totalContractAmount: string }>(
        await t.http.get(`/api/payments/statistics?${window}`).set(as(w.tokens.sales)),
      );
      expect(own.byCustomer).toHaveLength(1);
      expect(own.totalContractAmount).toBe('140000.00');
      const byCustomer = expectSuccess<{ byCustomer: unknown[] }>(
        await t.http.get(`/api/payments/statistics?${window}&customerId=${w.otherCustomerId}`).set(as(finance)),
      );
      expect(byCustomer.byCustomer).toHaveLength(1);

      const overdue = expectSuccess<Record<string, unknown>[]>(
        await t.http.get(`/api/payments/overdue?customerId=${w.customerId}`).set(as(finance)),
      );
      const row = overdue.find((r) => r.contractId === c1.contractId);
      expect(row).toEqual({
        contractId: c1.contractId,
        contractNo: expect.stringMatching(/^CONT-/),
        customerId: w.customerId,
        customerName: '演示酒店集团',
        stageId: c1.stageIds[0],
        paymentStage: '首付款',
        expectedAmount: '70000.00',
        receivedAmount: '30000.55',
        balanceAmount: '39999.45',
        planDate: '2026-11-10',
        overdueDays: 10,
      });
      expect(overdue.every((r) => r.customerId === w.customerId && String(r.planDate) < '2026-11-20')).toBe(true);
      // A settled stage is no longer overdue.
      const rest = await created(body(c1.contractId, { paymentAmount: '39999.45' }));
      expectSuccess(await confirm(rest.paymentId));
      const later = expectSuccess<Record<string, unknown>[]>(
        await t.http.get(`/api/payments/overdue?customerId=${w.customerId}`).set(as(finance)),
      );
      expect(later.find((r) => r.contractId === c1.contractId)).toBeUndefined();
    });
  });

  describe('export (10.8)', () => {
    it('writes .xlsx with the filtered rows and neutralises formula cells', async () => {
      const c = await contract();
      await created(
        body(c.contractId, { paymentAmount: 12.5, payerName: '=HYPERLINK("http://x")', paymentNote: '@SUM(1)' }),
      );
      const res = await t.http
        .get(`/api/payments/export?contractId=${c.contractId}`)
        .set(as(finance))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (d: Buffer) => chunks.push(d));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.rowCount).toBe(2);
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header).toContain('收款编号');
      const row = sheet.getRow(2);
      const cell = (name: string) => row.getCell(header.indexOf(name) + 1).value;
      expect(cell('收款金额')).toBe('12.50');
      expect(cell('付款方')).toBe(`'=HYPERLINK("http://x")`);
      expect(cell('备注')).toBe(`'@SUM(1)`);
      expect(cell('收款方式')).toBe('银行转账');
      expect(cell('状态')).toBe('待确认');
      expectFailure(await t.http.get('/api/payments/export').set(as(w.tokens.sales)), 403, 'FORBIDDEN');
    });
  });
});
