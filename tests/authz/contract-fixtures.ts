import { tinyPdf } from '../helpers/image-fixtures';
import type { TestApp } from '../helpers/test-app';
import type { Actor } from './actors';
import type { Fixtures, MatrixEntry, Which } from './route-matrix';

/**
 * Per side, a signed contract ('own': of the `sales` demo user's customer; 'foreign': of another owner's) with a
 * draft amendment and a contract file. Write routes answer 422 to those allowed once the first one has acted
 * (signing twice, deleting a signed contract's contract file), which the matrix counts as allowed.
 */
export interface MatrixContract {
  contract: number;
  amendment: number;
  file: number;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export async function matrixContracts(
  t: TestApp,
  admin: string,
  customers: { own: number; foreign: number },
): Promise<Record<Which, MatrixContract>> {
  const build = async (customerId: number): Promise<MatrixContract> => {
    const created = await t.http
      .post('/api/contracts')
      .set(auth(admin))
      .send({
        contractTitle: '矩阵合同',
        customerId,
        contractAmount: 100,
        paymentTerms: [{ stage: '全款', paymentRatio: 100, paymentAmount: 100, planDate: '2026-12-01' }],
      });
    if (created.status !== 200) throw new Error(`contract: ${JSON.stringify(created.body)}`);
    const id = created.body.data.contractId as number;
    const file = await t.http
      .post(`/api/contracts/${id}/files`)
      .set(auth(admin))
      .field('fileType', 'contract')
      .attach('file', tinyPdf(), { filename: 'matrix.pdf', contentType: 'application/pdf' });
    const signed = await t.http.put(`/api/contracts/${id}/sign`).set(auth(admin)).send({ signedDate: '2026-11-01' });
    const amendment = await t.http
      .post(`/api/contracts/${id}/amendments`)
      .set(auth(admin))
      .send({ amendmentTitle: '矩阵补充协议', amendmentType: 'other', amendmentContent: '矩阵', amountChange: 1 });
    if (file.status !== 200 || signed.status !== 200 || amendment.status !== 200) {
      throw new Error(`contract fixtures: ${JSON.stringify([file.body, signed.body, amendment.body])}`);
    }
    return {
      contract: id,
      amendment: amendment.body.data.amendmentId as number,
      file: file.body.data.fileId as number,
    };
  };
  return { own: await build(customers.own), foreign: await build(customers.foreign) };
}

const pdfUpload = { field: 'file', filename: 'matrix.pdf', contentType: 'application/pdf', bytes: tinyPdf() };

const contractPath =
  (suffix = '') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/contracts/${f.contracts[w].contract}${suffix}`;

/** 004 §7 routes: a contract is own for data.all and for the owner of its customer. */
export const CONTRACT_MATRIX: Record<string, MatrixEntry> = {
  'GET /api/contracts': { access: 'contracts.read', scope: 'none' },
  'POST /api/contracts': { access: 'contracts.create', scope: 'none', body: () => ({}) },
  'GET /api/contracts/:id': { access: 'contracts.read', scope: 'contract', path: contractPath() },
  'PUT /api/contracts/:id': {
    access: 'contracts.update',
    scope: 'contract',
    path: contractPath(),
    body: () => ({ contractTitle: '矩阵合同' }),
  },
  'PUT /api/contracts/:id/sign': {
    access: 'contracts.sign',
    scope: 'contract',
    path: contractPath('/sign'),
    body: () => ({ signedDate: '2026-11-01' }),
  },
  'GET /api/contracts/:id/progress': { access: 'contracts.read', scope: 'contract', path: contractPath('/progress') },
  'POST /api/contracts/:id/amendments': {
    access: 'contracts.update',
    scope: 'contract',
    path: contractPath('/amendments'),
    body: () => ({ amendmentTitle: '矩阵', amendmentType: 'other', amendmentContent: '矩阵' }),
  },
  'GET /api/contracts/:id/amendments': {
    access: 'contracts.read',
    scope: 'contract',
    path: contractPath('/amendments'),
  },
  'PUT /api/contracts/:id/amendments/:amendmentId/sign': {
    access: 'contracts.sign',
    scope: 'contract',
    path: (f, _a, w) => `/api/contracts/${f.contracts[w].contract}/amendments/${f.contracts[w].amendment}/sign`,
    body: () => ({}),
  },
  'POST /api/contracts/:id/files': {
    access: 'contracts.update',
    scope: 'contract',
    path: contractPath('/files'),
    upload: pdfUpload,
  },
  'GET /api/contracts/:id/files': { access: 'contracts.read', scope: 'contract', path: contractPath('/files') },
  'DELETE /api/contracts/:id/files/:fileId': {
    access: 'contracts.update',
    scope: 'contract',
    path: (f, _a, w) => `/api/contracts/${f.contracts[w].contract}/files/${f.contracts[w].file}`,
  },
};
