import type { TestApp } from './test-app';

export const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** `YYYY-MM-DD` (UTC) `days` after `from`. */
export function dayAfter(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface QuotationWorld {
  tokens: { admin: string; sales: string; manager: string; purchaser: string; media: string };
  salesUserId: number;
  managerUserId: number;
  /** The demo customer (id 1), owned by `sales`, with one contact. */
  customerId: number;
  contactId: number;
  /** A customer owned by the sales manager, with its own contact. */
  otherCustomerId: number;
  otherContactId: number;
  products: { host: number; panel: number; cheap: number; draft: number };
}

async function product(t: TestApp, token: string, body: Record<string, unknown>): Promise<number> {
  const res = await t.http.post('/api/products').set(as(token)).send(body);
  if (res.status !== 200) throw new Error(`product: ${JSON.stringify(res.body)}`);
  return res.body.data.productId as number;
}

async function contact(t: TestApp, token: string, customerId: number, contactName: string): Promise<number> {
  const res = await t.http
    .post(`/api/customers/${customerId}/contacts`)
    .set(as(token))
    .send({ contactName, mobile: '13800138000', position: '采购经理' });
  if (res.status !== 200) throw new Error(`contact: ${JSON.stringify(res.body)}`);
  return res.body.data.contactId as number;
}

/** Products (as purchaser), contacts and a customer of another owner, on a seeded test app. */
export async function buildQuotationWorld(t: TestApp): Promise<QuotationWorld> {
  const tokens = {
    admin: await t.login('admin', 'admin123'),
    sales: await t.login('sales', 'sales123'),
    manager: await t.login('sales_manager', 'sales_manager123'),
    purchaser: await t.login('purchaser', 'purchaser123'),
    media: await t.login('media', 'media123'),
  };
  const me = async (token: string) => (await t.http.get('/api/auth/profile').set(as(token))).body.data.id as number;
  const salesUserId = await me(tokens.sales);
  const managerUserId = await me(tokens.manager);
  const category = await t.http
    .post('/api/products/categories')
    .set(as(tokens.purchaser))
    .send({ categoryName: '智能客控系统', categoryCode: 'ROOM_CONTROL' });
  const categoryId = category.body.data.categoryId as number;
  const base = { categoryId, status: 'active' };
  const products = {
    host: await product(t, tokens.purchaser, {
      ...base,
      productCode: 'RCS-001',
      productName: '智能客控主机标准版',
      salePrice: 1500,
      unit: '台',
    }),
    panel: await product(t, tokens.purchaser, {
      ...base,
      productCode: 'PNL-002',
      productName: '触摸开关面板',
      salePrice: '33.33',
      unit: '个',
    }),
    cheap: await product(t, tokens.purchaser, {
      ...base,
      productCode: 'SCR-003',
      productName: '螺丝',
      salePrice: 0.01,
    }),
    draft: await product(t, tokens.purchaser, {
      categoryId,
      productCode: 'DRF-004',
      productName: '未上架产品',
      salePrice: 10,
    }),
  };
  const otherCustomerId = await t.container.db.transaction((tx) =>
    t.container.repositories.customers.create(
      {
        customerCode: 'CUST-Q-OTHER',
        customerName: '别人的酒店',
        customerStage: 'client',
        ownerId: managerUserId,
        createdBy: managerUserId,
      },
      tx,
    ),
  );
  return {
    tokens,
    salesUserId,
    managerUserId,
    customerId: 1,
    contactId: await contact(t, tokens.sales, 1, '李经理'),
    otherCustomerId,
    otherContactId: await contact(t, tokens.manager, otherCustomerId, '王总'),
    products,
  };
}

/** A valid 6.1 body for the demo customer; override any field. */
export function quotationBody(w: QuotationWorld, today: Date, overrides: Record<string, unknown> = {}) {
  return {
    quotationTitle: 'XX酒店智能客控系统报价单',
    customerId: w.customerId,
    customerContactId: w.contactId,
    validFrom: dayAfter(today, 0),
    validUntil: dayAfter(today, 30),
    paymentTerms: '签约后支付50%，验收后支付50%',
    deliveryTerms: '签约后15个工作日内发货',
    items: [
      {
        productId: w.products.host,
        quantity: 100,
        standardPrice: 1500.0,
        actualPrice: 1400.0,
        discountRate: 6.67,
        itemNote: '批量采购优惠',
      },
    ],
    notes: '本报价单有效期30天',
    ...overrides,
  };
}

export interface MatrixQuotation {
  /** A draft the matrix walks through every state change (send, accept, convert …). */
  draft: number;
  /** A sent quotation whose items cannot change (item routes answer 422 to those allowed). */
  sent: number;
  sentItemId: number;
}

/**
 * Quotations for the authorization matrix, created by an admin: 'own' for the customer of the `sales` demo user
 * (so `sales` owns them), 'foreign' for a customer of another user.
 */
export async function matrixQuotations(
  t: TestApp,
  adminToken: string,
  customers: { own: number; foreign: number },
  categoryId: number,
): Promise<Record<'own' | 'foreign', MatrixQuotation>> {
  const productId = await product(t, adminToken, {
    productCode: 'MATRIX-Q',
    productName: '矩阵报价产品',
    categoryId,
    salePrice: 10,
    status: 'active',
  });
  const make = async (customerId: number, send: boolean) => {
    const res = await t.http
      .post('/api/quotations')
      .set(as(adminToken))
      .send({
        quotationTitle: '矩阵报价单',
        customerId,
        validFrom: dayAfter(new Date(), 0),
        validUntil: dayAfter(new Date(), 30),
        items: [{ productId, quantity: 1, actualPrice: 10 }],
      });
    if (res.status !== 200) throw new Error(`quotation: ${JSON.stringify(res.body)}`);
    const id = res.body.data.quotationId as number;
    if (send) await t.http.post(`/api/quotations/${id}/send`).set(as(adminToken));
    return { id, itemId: res.body.data.items[0].itemId as number };
  };
  const build = async (customerId: number): Promise<MatrixQuotation> => {
    const draft = await make(customerId, false);
    const sent = await make(customerId, true);
    return { draft: draft.id, sent: sent.id, sentItemId: sent.itemId };
  };
  return { own: await build(customers.own), foreign: await build(customers.foreign) };
}
