import { expect } from '@jest/globals';
import { as, buildQuotationWorld, quotationBody, type QuotationWorld } from './quotation-fixtures';
import type { TestApp } from './test-app';

export { as };

/** The payment fields a cash-settled (PREPAID) customer must give (002 §2.1). */
export const PREPAID_PAYMENT = {
  paymentAmount: 3000,
  paymentMethod: 'WECHAT',
  paymentTime: '2026-01-16T10:00:00Z',
  paymentProofImg: 'https://oss.example.com/payment-proof.jpg',
};

export interface OrderWorld extends QuotationWorld {
  tokens: QuotationWorld['tokens'] & { storeManager: string; customerService: string; finance: string };
}

export async function buildOrderWorld(t: TestApp): Promise<OrderWorld> {
  const w = await buildQuotationWorld(t);
  return {
    ...w,
    tokens: {
      ...w.tokens,
      storeManager: await t.login('store_manager', 'store_manager123'),
      customerService: await t.login('customer_service', 'customer_service123'),
      finance: await t.login('finance', 'finance123'),
    },
  };
}

/** A quotation of the demo customer (owned by `sales`) taken to `accepted`; `overrides` change the 6.1 body. */
export async function acceptedQuotation(
  t: TestApp,
  w: QuotationWorld,
  overrides: Record<string, unknown> = {},
  token = w.tokens.sales,
): Promise<number> {
  const created = await t.http
    .post('/api/quotations')
    .set(as(token))
    .send(quotationBody(w, new Date(), overrides));
  if (created.status !== 200) throw new Error(`quotation: ${JSON.stringify(created.body)}`);
  const id = created.body.data.quotationId as number;
  for (const step of ['send', 'accept']) {
    const res = await t.http.post(`/api/quotations/${id}/${step}`).set(as(token));
    if (res.status !== 200) throw new Error(`quotation ${step}: ${JSON.stringify(res.body)}`);
  }
  return id;
}

export interface CreatedOrder {
  id: number;
  orderNo: string;
  status: string;
  totalAmount: string;
  paidAmount: string;
}

/** An order from a fresh accepted quotation (prepaid payment by default), answered by POST /api/orders. */
export async function newOrder(
  t: TestApp,
  w: QuotationWorld,
  options: { quotation?: Record<string, unknown>; order?: Record<string, unknown>; token?: string } = {},
): Promise<CreatedOrder> {
  const quoteId = await acceptedQuotation(t, w, options.quotation ?? {});
  const res = await t.http
    .post('/api/orders')
    .set(as(options.token ?? w.tokens.sales))
    .send({ quoteId, ...PREPAID_PAYMENT, ...(options.order ?? {}) });
  expect(res.body.error).toBeUndefined();
  expect(res.status).toBe(200);
  return res.body.data as CreatedOrder;
}
