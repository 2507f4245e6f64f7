import type { TestApp } from '../helpers/test-app';
import type { Actor } from './actors';
import type { Fixtures, MatrixEntry, Which } from './route-matrix';

/**
 * Per side, a signed contract with one line ('own': of the `sales` demo user's customer; 'foreign': of another
 * owner's) and a draft shipment of it. The state routes run in the route table's order (edit, confirm, logistics,
 * sign, cancel), so the first allowed actor moves the shipment on and later ones answer 422, which the matrix counts
 * as allowed.
 */
export interface MatrixShipment {
  contract: number;
  contractItem: number;
  shipment: number;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export async function matrixShipments(
  t: TestApp,
  admin: string,
  customers: { own: number; foreign: number },
  productId: number,
): Promise<Record<Which, MatrixShipment>> {
  const build = async (customerId: number): Promise<MatrixShipment> => {
    const created = await t.http
      .post('/api/contracts')
      .set(auth(admin))
      .send({
        contractTitle: '矩阵发货合同',
        customerId,
        contractAmount: 1000,
        paymentTerms: [{ stage: '全款', paymentRatio: 100, paymentAmount: 1000, planDate: '2026-12-01' }],
        items: [{ productId, quantity: 1000, unitPrice: 1 }],
      });
    if (created.status !== 200) throw new Error(`shipment contract: ${JSON.stringify(created.body)}`);
    const contract = created.body.data.contractId as number;
    const contractItem = created.body.data.items[0].itemId as number;
    const signed = await t.http
      .put(`/api/contracts/${contract}/sign`)
      .set(auth(admin))
      .send({ signedDate: '2026-11-01' });
    const shipment = await t.http.post('/api/shipments').set(auth(admin)).send(shipmentBody(contract, contractItem));
    if (signed.status !== 200 || shipment.status !== 200) {
      throw new Error(`shipment fixtures: ${JSON.stringify([signed.body, shipment.body])}`);
    }
    return { contract, contractItem, shipment: shipment.body.data.shipmentId as number };
  };
  return { own: await build(customers.own), foreign: await build(customers.foreign) };
}

const shipmentBody = (contractId: number, contractItemId: number) => ({
  contractId,
  shippingAddress: '矩阵地址',
  contactPerson: '矩阵',
  contactPhone: '13800138000',
  items: [{ contractItemId, thisShipmentQuantity: 1 }],
});

const shipmentPath =
  (suffix = '') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/shipments/${f.shipments[w].shipment}${suffix}`;

/** 004 §9 routes: a shipment is own for data.all and for the owner of its contract's customer. */
export const SHIPMENT_MATRIX: Record<string, MatrixEntry> = {
  'GET /api/shipments': { access: 'shipments.read', scope: 'none' },
  'POST /api/shipments': {
    access: 'shipments.create',
    scope: 'none',
    body: (f) => shipmentBody(f.shipments.own.contract, f.shipments.own.contractItem),
  },
  'GET /api/shipments/:id': { access: 'shipments.read', scope: 'contract', path: shipmentPath() },
  'PUT /api/shipments/:id': {
    access: 'shipments.update',
    scope: 'contract',
    path: shipmentPath(),
    body: () => ({ notes: '矩阵' }),
  },
  'PUT /api/shipments/:id/confirm': {
    access: 'shipments.confirm',
    scope: 'contract',
    path: shipmentPath('/confirm'),
    body: () => ({ logisticsCompany: 'SF', trackingNo: 'SF1234567890' }),
  },
  'PUT /api/shipments/:id/logistics': {
    access: 'shipments.update',
    scope: 'contract',
    path: shipmentPath('/logistics'),
    body: () => ({ logisticsCompany: 'DB', trackingNo: 'DB9876543210', updateReason: '矩阵' }),
  },
  'PUT /api/shipments/:id/sign': {
    access: 'shipments.confirm',
    scope: 'contract',
    path: shipmentPath('/sign'),
    body: () => ({ signNotes: '矩阵' }),
  },
  'PUT /api/shipments/:id/cancel': {
    access: 'shipments.update',
    scope: 'contract',
    path: shipmentPath('/cancel'),
    body: () => ({ cancelReason: '矩阵' }),
  },
};
