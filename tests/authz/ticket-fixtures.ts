import { ContractItemModel, ContractModel } from '@app/server/src/db/models';
import type { TestApp } from '../helpers/test-app';

/** A contract's warranty columns, as the contract module stores them (004 §7.2-7.3). */
export interface TicketContractTerms {
  warrantyPeriod?: string | null;
  warrantyStartType?: string | null;
  warrantyStartDate?: string | null;
  warrantyEndDate?: string | null;
  signedDate?: string | null;
  status?: 'draft' | 'signed';
}

let contractSeq = 0;

/** A signed contract of `customerId` with the given warranty terms and one line per product, written through the model. */
export async function ticketContract(
  customerId: number,
  terms: TicketContractTerms,
  productIds: readonly number[] = [],
): Promise<number> {
  contractSeq += 1;
  const row = await ContractModel.create({
    contractNo: `CONT-TICKET-${contractSeq}`,
    contractTitle: `工单测试合同${contractSeq}`,
    customerId,
    customerContactId: null,
    sourceQuotationId: null,
    ownerId: null,
    contractAmount: '1000.00',
    signedDate: terms.signedDate ?? '2025-01-01',
    deliveryDeadline: null,
    deliveryTerms: null,
    paymentTerms: '[]',
    warrantyPeriod: terms.warrantyPeriod ?? null,
    warrantyStartType: terms.warrantyStartType ?? null,
    warrantyScope: null,
    warrantyStartDate: terms.warrantyStartDate ?? null,
    warrantyEndDate: terms.warrantyEndDate ?? null,
    status: terms.status ?? 'signed',
    createdBy: null,
    updatedBy: null,
  });
  const contractId = Number(row.id);
  for (const [i, productId] of productIds.entries()) {
    await ContractItemModel.create({
      contractId,
      productId,
      productCode: `P${productId}`,
      productName: `产品${productId}`,
      unit: '台',
      quantity: 1,
      unitPrice: '1000.00',
      subtotal: '1000.00',
      sortOrder: i + 1,
      createdBy: null,
      updatedBy: null,
    });
  }
  return contractId;
}

/** A ticket per side for the authorization matrix, and the user every assign names (the `ops` demo account). */
export interface MatrixTicket {
  ticket: number;
  handlerId: number;
}

export async function matrixTickets(
  t: TestApp,
  adminToken: string,
  customers: { own: number; foreign: number },
): Promise<Record<'own' | 'foreign', MatrixTicket>> {
  const [ops] = await t.container.db.select('SELECT id FROM users WHERE username = ?', ['ops']);
  const handlerId = Number(ops.id);
  const make = async (customerId: number): Promise<MatrixTicket> => {
    const res = await t.http
      .post('/api/service-tickets')
      .set('authorization', `Bearer ${adminToken}`)
      .send({ ticketType: 'repair', ticketTitle: '矩阵工单', customerId, problemDescription: '矩阵' });
    if (res.status !== 200) throw new Error(`ticket: ${JSON.stringify(res.body)}`);
    return { ticket: res.body.data.ticketId as number, handlerId };
  };
  return { own: await make(customers.own), foreign: await make(customers.foreign) };
}
