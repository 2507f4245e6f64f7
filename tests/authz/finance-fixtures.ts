import type { TestApp } from '../helpers/test-app';
import type { Actor } from './actors';
import type { Fixtures, MatrixEntry, Which } from './route-matrix';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export interface StageSpec {
  stage: string;
  paymentRatio: number | string;
  paymentAmount: number | string;
  planDate: string;
}

/** A contract created by `creator` and signed by `signer`, with its stage ids in plan order. */
export async function signedContract(
  t: TestApp,
  tokens: { creator: string; signer: string },
  spec: { customerId: number; contractAmount: number | string; stages: StageSpec[]; signedDate?: string },
): Promise<{ contractId: number; stageIds: number[] }> {
  const created = await t.http.post('/api/contracts').set(auth(tokens.creator)).send({
    contractTitle: '收款测试合同',
    customerId: spec.customerId,
    contractAmount: spec.contractAmount,
    paymentTerms: spec.stages,
  });
  if (created.status !== 200) throw new Error(`contract: ${JSON.stringify(created.body)}`);
  const contractId = created.body.data.contractId as number;
  const signed = await t.http
    .put(`/api/contracts/${contractId}/sign`)
    .set(auth(tokens.signer))
    .send({ signedDate: spec.signedDate ?? '2026-11-01' });
  if (signed.status !== 200) throw new Error(`sign: ${JSON.stringify(signed.body)}`);
  const stageIds = (created.body.data.paymentTerms as { stageId: number }[]).map((s) => s.stageId);
  return { contractId, stageIds };
}

/** Per side, a draft payment and a draft invoice on the matrix's signed contract of that side. */
export interface MatrixFinance {
  payment: number;
  invoice: number;
}

export async function matrixFinance(
  t: TestApp,
  admin: string,
  contracts: Record<Which, { contract: number }>,
): Promise<Record<Which, MatrixFinance>> {
  const build = async (contractId: number): Promise<MatrixFinance> => {
    const payment = await t.http
      .post('/api/payments')
      .set(auth(admin))
      .send({ contractId, paymentAmount: 10, paymentDate: '2026-11-02', paymentMethod: 'bank_transfer' });
    const invoice = await t.http
      .post('/api/invoices')
      .set(auth(admin))
      .send({ contractId, invoiceType: 'vat_normal', invoiceAmount: 10, invoiceTitle: '矩阵' });
    if (payment.status !== 200 || invoice.status !== 200) {
      throw new Error(`finance fixtures: ${JSON.stringify([payment.body, invoice.body])}`);
    }
    return { payment: payment.body.data.paymentId as number, invoice: invoice.body.data.invoiceId as number };
  };
  return { own: await build(contracts.own.contract), foreign: await build(contracts.foreign.contract) };
}

const paymentPath =
  (suffix = '') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/payments/${f.finance[w].payment}${suffix}`;
const invoicePath =
  (suffix = '') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/invoices/${f.finance[w].invoice}${suffix}`;

/**
 * 004 §10-11 routes: a payment or invoice is own when its contract is (data.all, or the owner of its customer).
 * Confirm/void answer 422 once the first allowed caller has acted, which the matrix counts as allowed.
 */
export const FINANCE_MATRIX: Record<string, MatrixEntry> = {
  'GET /api/payments/statistics': { access: 'payments.read', scope: 'none' },
  'GET /api/payments/overdue': { access: 'payments.read', scope: 'none' },
  'GET /api/payments/export': { access: 'payments.export', scope: 'none' },
  'GET /api/payments': { access: 'payments.read', scope: 'none' },
  'POST /api/payments': { access: 'payments.create', scope: 'none', body: () => ({}) },
  'GET /api/payments/:id': { access: 'payments.read', scope: 'contract', path: paymentPath() },
  'PUT /api/payments/:id/confirm': {
    access: 'payments.confirm',
    scope: 'contract',
    path: paymentPath('/confirm'),
    body: () => ({ confirmNote: '矩阵' }),
  },
  'PUT /api/payments/:id/void': {
    access: 'payments.void',
    scope: 'contract',
    path: paymentPath('/void'),
    body: () => ({ voidReason: '矩阵' }),
  },
  'GET /api/invoices/statistics': { access: 'invoices.read', scope: 'none' },
  'GET /api/invoices/export': { access: 'invoices.export', scope: 'none' },
  'GET /api/invoices': { access: 'invoices.read', scope: 'none' },
  'POST /api/invoices': { access: 'invoices.create', scope: 'none', body: () => ({}) },
  'GET /api/invoices/:id': { access: 'invoices.read', scope: 'contract', path: invoicePath() },
  'PUT /api/invoices/:id': {
    access: 'invoices.update',
    scope: 'contract',
    path: invoicePath(),
    body: () => ({ invoiceNote: '矩阵' }),
  },
  'PUT /api/invoices/:id/confirm': {
    access: 'invoices.confirm',
    scope: 'contract',
    path: invoicePath('/confirm'),
    body: () => ({ invoiceNo: `M${Date.now()}${Math.floor(Math.random() * 1000)}` }),
  },
  'PUT /api/invoices/:id/void': {
    access: 'invoices.void',
    scope: 'contract',
    path: invoicePath('/void'),
    body: () => ({ voidReason: '矩阵' }),
  },
};
