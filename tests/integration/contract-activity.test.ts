import { expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Detail {
  contractId: number;
  items: { itemId: number; productId: number }[];
  shipments: { shipmentNo: string; shipmentAmount: string; actualShipDate: string | null; status: string }[];
  payments: { paymentNo: string; paymentAmount: string; paymentDate: string | null; status: string }[];
  invoices: { invoiceNo: string | null; invoiceAmount: string; status: string }[];
}

describe('a contract lists its shipments, payments and invoices (7.3, 7.11)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  let ops: string;
  let finance: string;
  const clock = new FakeClock(Date.parse('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
    ops = await t.login('ops', 'ops123');
    finance = await t.login('finance', 'finance123');
  }, 30_000);
  afterAll(() => t.close());

  const must = async <T>(res: Promise<{ status: number; body: unknown }>) =>
    expectSuccess<T>((await res) as Parameters<typeof expectSuccess>[0]);

  it('shows what was shipped (not cancelled), received (confirmed) and invoiced (not voided)', async () => {
    const created = await must<Detail>(
      t.http
        .post('/api/contracts')
        .set(as(w.tokens.manager))
        .send({
          contractTitle: '执行情况测试合同',
          customerId: w.customerId,
          contractAmount: 3000,
          paymentTerms: [{ stage: '全款', paymentRatio: 100, paymentAmount: 3000, planDate: '2026-12-01' }],
          items: [{ productId: w.products.host, quantity: 2, unitPrice: '1500.00' }],
        }),
    );
    const id = created.contractId;
    await must(t.http.put(`/api/contracts/${id}/sign`).set(as(w.tokens.manager)).send({ signedDate: '2026-11-18' }));
    const item = created.items[0];
    const ship = (quantity: number) =>
      must<{ shipmentId: number }>(
        t.http
          .post('/api/shipments')
          .set(as(ops))
          .send({
            contractId: id,
            shippingAddress: '广东省深圳市南山区XX路XX号',
            contactPerson: '李经理',
            contactPhone: '13800138000',
            plannedShipDate: '2026-11-22',
            items: [{ contractItemId: item.itemId, productId: item.productId, thisShipmentQuantity: quantity }],
          }),
      );
    const first = await ship(1);
    await must(
      t.http
        .put(`/api/shipments/${first.shipmentId}/confirm`)
        .set(as(ops))
        .send({ logisticsCompany: 'SF', trackingNo: 'SF1234567890', actualShipDate: '2026-11-20' }),
    );
    const second = await ship(1);
    await must(
      t.http.put(`/api/shipments/${second.shipmentId}/cancel`).set(as(ops)).send({ cancelReason: '客户改期' }),
    );

    const payment = await must<{ paymentId: number }>(
      t.http.post('/api/payments').set(as(finance)).send({
        contractId: id,
        paymentStage: '全款',
        paymentAmount: 1000,
        paymentDate: '2026-11-19',
        paymentMethod: 'bank_transfer',
      }),
    );
    await must(t.http.put(`/api/payments/${payment.paymentId}/confirm`).set(as(finance)).send({}));
    await must(
      t.http.post('/api/payments').set(as(finance)).send({
        contractId: id,
        paymentStage: '全款',
        paymentAmount: 500,
        paymentDate: '2026-11-19',
        paymentMethod: 'bank_transfer',
      }),
    ); // a draft: not received, not listed
    const invoice = await must<{ invoiceId: number }>(
      t.http.post('/api/invoices').set(as(finance)).send({
        contractId: id,
        invoiceType: 'vat_normal',
        invoiceAmount: 1500,
        invoiceDate: '2026-11-20',
        invoiceTitle: 'XX商务酒店有限公司',
      }),
    );
    await must(
      t.http.put(`/api/invoices/${invoice.invoiceId}/confirm`).set(as(finance)).send({ invoiceNo: 'INV-ACT-0001' }),
    );

    const detail = await must<Detail>(t.http.get(`/api/contracts/${id}`).set(as(w.tokens.manager)));
    expect(detail.shipments).toEqual([
      expect.objectContaining({ shipmentAmount: '1500.00', actualShipDate: '2026-11-20', status: 'shipped' }),
    ]);
    expect(detail.payments).toEqual([
      expect.objectContaining({ paymentAmount: '1000.00', paymentDate: '2026-11-19', status: 'confirmed' }),
    ]);
    expect(detail.invoices).toEqual([
      expect.objectContaining({ invoiceNo: 'INV-ACT-0001', invoiceAmount: '1500.00', status: 'confirmed' }),
    ]);

    const progress = await must<Detail & { shippedAmount: string; receivedAmount: string; executionProgress: number }>(
      t.http.get(`/api/contracts/${id}/progress`).set(as(w.tokens.manager)),
    );
    // (1500 shipped + 1000 received + 1500 invoiced) / (3 × 3000) = 44.4 %.
    expect(progress).toMatchObject({ shippedAmount: '1500.00', receivedAmount: '1000.00', executionProgress: 44.4 });
    expect(progress.shipments.map((s) => s.shipmentNo)).toEqual(detail.shipments.map((s) => s.shipmentNo));
    expect(progress.payments.map((p) => p.paymentNo)).toEqual(detail.payments.map((p) => p.paymentNo));

    // An amendment may not take the amount below what was invoiced (1500.00; 1000.00 received): refused at signing.
    const amendment = await must<{ amendmentId: number }>(
      t.http.post(`/api/contracts/${id}/amendments`).set(as(w.tokens.manager)).send({
        amendmentTitle: '减少数量',
        amendmentType: 'amount_change',
        amendmentContent: '客户减少采购数量',
        amountChange: '-1600.00',
      }),
    );
    const refused = await t.http
      .put(`/api/contracts/${id}/amendments/${amendment.amendmentId}/sign`)
      .set(as(w.tokens.manager))
      .send({});
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('已开票金额');
    const after = await must<{ contractAmount: string }>(t.http.get(`/api/contracts/${id}`).set(as(w.tokens.manager)));
    expect(after.contractAmount).toBe('3000.00');
  });
});
