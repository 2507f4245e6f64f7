import { as } from '../helpers/order-fixtures';
import type { TestApp } from '../helpers/test-app';

/** Per side ('own': the demo customer of `sales`; 'foreign': another owner's customer), the objects order routes name. */
export interface MatrixOrder {
  /** A PENDING_PO order that also carries a pending change request. */
  order: number;
  changeRequest: number;
  /** A split order (so it has a purchase order) with a pending cancel request. */
  splitOrder: number;
  purchaseOrder: number;
  cancelRequest: number;
}

export async function ok<T>(label: string, res: Promise<{ status: number; body: { data: T } }>): Promise<T> {
  const r = await res;
  if (r.status !== 200) throw new Error(`${label}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}

/** A product (supplied by `factoryId` when given), created by an admin. */
export async function matrixProduct(
  t: TestApp,
  admin: string,
  code: string,
  categoryId: number,
  factoryId?: number,
): Promise<number> {
  const product = await ok<{ productId: number }>(
    'product',
    t.http.post('/api/products').set(as(admin)).send({
      productCode: code,
      productName: '矩阵订单产品',
      categoryId,
      salePrice: 10,
      status: 'active',
      supplierId: factoryId,
    }),
  );
  return product.productId;
}

/** A PENDING_PO order of one line of `productId` for `customerId`, from a quotation taken to accepted. */
export async function matrixOrder(t: TestApp, admin: string, customerId: number, productId: number): Promise<number> {
  const auth = as(admin);
  const q = await ok<{ quotationId: number }>(
    'quotation',
    t.http
      .post('/api/quotations')
      .set(auth)
      .send({
        quotationTitle: '矩阵订单报价',
        customerId,
        validFrom: new Date().toISOString().slice(0, 10),
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        items: [{ productId, quantity: 1, actualPrice: 10 }],
      }),
  );
  for (const step of ['send', 'accept'])
    await ok(step, t.http.post(`/api/quotations/${q.quotationId}/${step}`).set(auth));
  const created = await ok<{ id: number }>(
    'order',
    t.http.post('/api/orders').set(auth).send({
      quoteId: q.quotationId,
      paymentAmount: 10,
      paymentProofImg: '/files/proof.jpg',
      confirmationImg: '/files/confirm.jpg',
    }),
  );
  return created.id;
}

/** Splits an order as the preview proposes (each product's default factory); answers the purchase order ids. */
export async function matrixSplit(t: TestApp, admin: string, orderId: number): Promise<number[]> {
  const auth = as(admin);
  const plan = await ok<{ purchaseOrders: { supplierId: number; items: { itemId: number; quantity: number }[] }[] }>(
    'split preview',
    t.http.post(`/api/orders/${orderId}/split/preview`).set(auth).send({}),
  );
  const confirmed = await ok<{ purchaseOrderIds: number[] }>(
    'split confirm',
    t.http
      .post(`/api/orders/${orderId}/split/confirm`)
      .set(auth)
      .send({
        purchaseOrders: plan.purchaseOrders.map((p) => ({
          supplierId: p.supplierId,
          items: p.items.map((i) => ({ itemId: i.itemId, quantity: i.quantity })),
        })),
      }),
  );
  return confirmed.purchaseOrderIds;
}

/** Orders built by an admin through the API, for the authorization matrix. */
export async function matrixOrders(
  t: TestApp,
  admin: string,
  customers: { own: number; foreign: number },
  categoryId: number,
  factoryId: number,
): Promise<Record<'own' | 'foreign', MatrixOrder>> {
  const auth = as(admin);
  const productId = await matrixProduct(t, admin, 'MATRIX-O', categoryId, factoryId);
  const order = (customerId: number) => matrixOrder(t, admin, customerId, productId);
  const build = async (customerId: number): Promise<MatrixOrder> => {
    const plain = await order(customerId);
    const change = await ok<{ id: number }>(
      'change request',
      t.http
        .post(`/api/orders/${plain}/change-requests`)
        .set(auth)
        .send({
          changeType: 'ADD_ITEM',
          changeReason: '矩阵变更',
          originalItems: [],
          newItems: [{ productName: '矩阵新增', quantity: 1, unitPrice: 1 }],
        }),
    );
    const split = await order(customerId);
    const purchaseOrderIds = await matrixSplit(t, admin, split);
    const cancel = await ok<{ cancelRequestId: number | null }>(
      'cancel request',
      t.http.post(`/api/orders/${split}/cancel`).set(auth).send({ cancelReason: '矩阵撤单', cancelType: 'FULL' }),
    );
    if (cancel.cancelRequestId === null) throw new Error('expected a cancel request for a split order');
    return {
      order: plain,
      changeRequest: change.id,
      splitOrder: split,
      purchaseOrder: purchaseOrderIds[0],
      cancelRequest: cancel.cancelRequestId,
    };
  };
  return { own: await build(customers.own), foreign: await build(customers.foreign) };
}
