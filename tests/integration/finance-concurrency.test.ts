import { signedContract } from '../authz/finance-fixtures';
import { expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** Cents of a DECIMAL as either driver returns it (string on MariaDB, number on SQLite). */
function cents(v: unknown): bigint {
  const [int, frac = ''] = (typeof v === 'number' ? v.toFixed(2) : String(v)).split('.');
  return BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
}

/** A small deterministic generator, so a failing mix can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('payments and invoices under concurrent confirm/void (004 §10-11)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  let finance: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_DEFAULT_PER_MIN: '100000' });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
    finance = await t.login('finance', 'finance123');
  }, 60_000);
  afterAll(() => t.close());

  it('200 mixed confirm/void/duplicate calls keep received = Σ confirmed payments and invoiced = Σ confirmed invoices', async () => {
    const tokens = { creator: w.tokens.manager, signer: w.tokens.manager };
    const a = await signedContract(t, tokens, {
      customerId: w.customerId,
      contractAmount: '1000.00',
      stages: [
        { stage: '首付款', paymentRatio: 60, paymentAmount: '600.00', planDate: '2026-12-01' },
        { stage: '尾款', paymentRatio: 40, paymentAmount: '400.00', planDate: '2027-01-01' },
      ],
    });
    const b = await signedContract(t, tokens, {
      customerId: w.otherCustomerId,
      contractAmount: '500.00',
      stages: [{ stage: '全款', paymentRatio: 100, paymentAmount: '500.00', planDate: '2026-12-01' }],
    });
    const amounts = ['33.33', '0.01', '50.00', '99.99', '12.34', '100.00', '0.10', '0.20'];
    const payments: number[] = [];
    const invoices: number[] = [];
    // Drafts that together exceed both contracts, so the caps are reached under the race.
    for (let i = 0; i < 60; i += 1) {
      const onA = i % 3 !== 2;
      const stageIds = onA ? a.stageIds : b.stageIds;
      const res = await t.http
        .post('/api/payments')
        .set(as(finance))
        .send({
          contractId: onA ? a.contractId : b.contractId,
          ...(i % 4 === 3 ? {} : { stageId: stageIds[i % stageIds.length] }),
          paymentAmount: amounts[i % amounts.length],
          paymentDate: '2026-11-18',
          paymentMethod: 'bank_transfer',
        });
      payments.push(expectSuccess<{ paymentId: number }>(res).paymentId);
    }
    for (let i = 0; i < 40; i += 1) {
      const res = await t.http
        .post('/api/invoices')
        .set(as(finance))
        .send({
          contractId: i % 2 === 0 ? a.contractId : b.contractId,
          invoiceType: 'vat_normal',
          invoiceAmount: amounts[(i + 3) % amounts.length],
          invoiceTitle: '并发开票',
        });
      invoices.push(expectSuccess<{ invoiceId: number }>(res).invoiceId);
    }

    const next = random(20261120);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const calls = Array.from({ length: 200 }, (_, i) => {
      const roll = next();
      if (roll < 0.35) {
        const id = pick(payments);
        const req = t.http.put(`/api/payments/${id}/confirm`).set(as(finance));
        // Some retries of one request: the same key and body.
        return (i % 5 === 0 ? req.set('Idempotency-Key', `pc-${id}`) : req).send({});
      }
      if (roll < 0.55)
        return t.http
          .put(`/api/payments/${pick(payments)}/void`)
          .set(as(finance))
          .send({ voidReason: '并发' });
      if (roll < 0.85) {
        const id = pick(invoices);
        const req = t.http.put(`/api/invoices/${id}/confirm`).set(as(finance));
        return (i % 5 === 0 ? req.set('Idempotency-Key', `ic-${id}`) : req).send({ invoiceNo: `C${id}` });
      }
      return t.http
        .put(`/api/invoices/${pick(invoices)}/void`)
        .set(as(finance))
        .send({ voidReason: '并发' });
    });
    const results = await Promise.all(calls);
    const statuses = results.map((r) => r.status);
    // Allowed: done (200), refused by the state or a cap (422), a duplicate still running (409). Never a 500.
    expect(statuses.filter((s) => ![200, 409, 422].includes(s))).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(40);
    expect(statuses.filter((s) => s === 422).length).toBeGreaterThan(0);

    const db = t.container.db;
    for (const c of [a, b]) {
      const [contract] = await db.select(
        'SELECT contractAmount, receivedAmount, invoicedAmount FROM contracts WHERE id = ?',
        [c.contractId],
      );
      const [paid] = await db.select(
        "SELECT COUNT(*) AS n, SUM(paymentAmount) AS total FROM payments WHERE contractId = ? AND status = 'confirmed'",
        [c.contractId],
      );
      const [invoiced] = await db.select(
        "SELECT COUNT(*) AS n, SUM(invoiceAmount) AS total FROM invoices WHERE contractId = ? AND status = 'confirmed'",
        [c.contractId],
      );
      expect(cents(contract.receivedAmount)).toBe(cents(paid.total ?? 0));
      expect(cents(contract.invoicedAmount)).toBe(cents(invoiced.total ?? 0));
      expect(cents(contract.receivedAmount) <= cents(contract.contractAmount)).toBe(true);
      expect(cents(contract.invoicedAmount) <= cents(contract.contractAmount)).toBe(true);
      const stages = await db.select(
        'SELECT id, amount, paidAmount, settled, settledAt FROM contract_payment_stages WHERE contractId = ?',
        [c.contractId],
      );
      for (const s of stages) {
        const [sum] = await db.select(
          "SELECT SUM(paymentAmount) AS total FROM payments WHERE stageId = ? AND status = 'confirmed'",
          [Number(s.id)],
        );
        expect(cents(s.paidAmount)).toBe(cents(sum.total ?? 0));
        expect(cents(s.paidAmount) <= cents(s.amount)).toBe(true);
        const settled = Number(s.settled) === 1;
        expect(settled).toBe(cents(s.paidAmount) >= cents(s.amount));
        expect(s.settledAt !== null).toBe(settled);
      }
      // The API shows the same figures.
      const detail = expectSuccess<{ receivedAmount: string; invoicedAmount: string }>(
        await t.http.get(`/api/contracts/${c.contractId}`).set(as(finance)),
      );
      expect(cents(detail.receivedAmount)).toBe(cents(paid.total ?? 0));
      expect(cents(detail.invoicedAmount)).toBe(cents(invoiced.total ?? 0));
    }
  }, 120_000);

  it('the same draft confirmed by 20 parallel requests moves once: one 200, the rest 422, the amount counted once', async () => {
    const c = await signedContract(
      t,
      { creator: w.tokens.manager, signer: w.tokens.manager },
      {
        customerId: w.customerId,
        contractAmount: '300.00',
        stages: [{ stage: '全款', paymentRatio: 100, paymentAmount: '300.00', planDate: '2026-12-01' }],
      },
    );
    const payment = expectSuccess<{ paymentId: number }>(
      await t.http.post('/api/payments').set(as(finance)).send({
        contractId: c.contractId,
        stageId: c.stageIds[0],
        paymentAmount: '100.01',
        paymentDate: '2026-11-18',
        paymentMethod: 'cash',
      }),
    );
    const invoice = expectSuccess<{ invoiceId: number }>(
      await t.http
        .post('/api/invoices')
        .set(as(finance))
        .send({ contractId: c.contractId, invoiceType: 'vat_normal', invoiceAmount: '99.99', invoiceTitle: '重复' }),
    );
    const confirms = await Promise.all([
      ...Array.from({ length: 20 }, () =>
        t.http.put(`/api/payments/${payment.paymentId}/confirm`).set(as(finance)).send({}),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        t.http
          .put(`/api/invoices/${invoice.invoiceId}/confirm`)
          .set(as(finance))
          .send({ invoiceNo: `D${invoice.invoiceId}-${i}` }),
      ),
    ]);
    const statuses = (from: number) =>
      confirms
        .slice(from, from + 20)
        .map((r) => r.status)
        .sort();
    expect(statuses(0)).toEqual([200, ...Array(19).fill(422)]);
    expect(statuses(20)).toEqual([200, ...Array(19).fill(422)]);
    const detail = expectSuccess<{
      receivedAmount: string;
      invoicedAmount: string;
      paymentTerms: { paidAmount: string }[];
    }>(await t.http.get(`/api/contracts/${c.contractId}`).set(as(finance)));
    expect(detail.receivedAmount).toBe('100.01');
    expect(detail.invoicedAmount).toBe('99.99');
    expect(detail.paymentTerms[0].paidAmount).toBe('100.01');
  }, 60_000);
});
