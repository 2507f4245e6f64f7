import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, quotationBody, type QuotationWorld } from '../helpers/quotation-fixtures';
import { pdfText } from '../helpers/pdf-text';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** The response body as bytes (supertest buffers unknown types only when asked to). */
const binary = (res: Response) => res.body as Buffer;

describe('quotation PDF (004 §6.8) and the file endpoint', () => {
  let t: TestApp;
  let w: QuotationWorld;
  const now = new Date();

  beforeAll(async () => {
    t = await startTestApp({ COMPANY_NAME: '杭州艾居来智能科技有限公司' });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
  });
  afterAll(() => t.close());

  const create = async (overrides: Record<string, unknown> = {}) =>
    expectSuccess<{ quotationId: number; quotationNo: string }>(
      await t.http
        .post('/api/quotations')
        .set(as(w.tokens.sales))
        .send(quotationBody(w, now, overrides)),
    );
  const download = (url: string) =>
    t.http
      .get(url)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('renders a PDF with the number, customer, company and total in capitals, served at pdfFileUrl', async () => {
    const q = await create();
    const res = await t.http.post(`/api/quotations/${q.quotationId}/pdf`).set(as(w.tokens.sales));
    const data = expectSuccess<{ pdfFileUrl: string; generatedAt: string }>(res, '生成成功');
    expect(data.pdfFileUrl).toMatch(new RegExp(`^/files/quotations/${q.quotationNo}-[0-9a-f]{32}\\.pdf$`));
    expect(Date.parse(data.generatedAt)).not.toBeNaN();

    const file = await download(data.pdfFileUrl);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const bytes = binary(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await pdfText(bytes);
    const flat = text.replace(/\s+/g, '');
    expect(pages).toBe(1);
    for (const expected of [q.quotationNo, '演示酒店集团', '杭州艾居来智能科技有限公司', '李经理', 'RCS-001']) {
      expect(flat).toContain(expected);
    }
    expect(flat).toContain('智能客控主机标准版');
    expect(flat).toContain('140,000.00');
    expect(flat).toContain('壹拾肆万元整');
    expect(flat).toContain('签约后支付50%');

    const detail = await t.http.get(`/api/quotations/${q.quotationId}`).set(as(w.tokens.sales));
    expect(detail.body.data).toMatchObject({ pdfFileUrl: data.pdfFileUrl, pdfGeneratedAt: data.generatedAt });
    expect(detail.body.data.events.at(-1)).toMatchObject({ eventType: 'pdf_generated' });
    // Stored under FILES_DIR (default <DATA_DIR>/files) by its key.
    expect(existsSync(join(t.config.files.dir, data.pdfFileUrl.replace('/files/', '')))).toBe(true);
  });

  it('paginates a long item table onto further pages', async () => {
    const items = Array.from({ length: 70 }, (_, i) => ({
      productId: i % 2 ? w.products.host : w.products.panel,
      quantity: i + 1,
      actualPrice: i % 2 ? 1400 : '33.33',
    }));
    const q = await create({ items });
    const data = expectSuccess<{ pdfFileUrl: string }>(
      await t.http.post(`/api/quotations/${q.quotationId}/pdf`).set(as(w.tokens.sales)),
    );
    const { text, pages } = await pdfText(binary(await download(data.pdfFileUrl)));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text.replace(/\s+/g, '')).toContain(`第${pages}页/共${pages}页`);
  });

  it('makes a new file with a new key each time; both stay reachable', async () => {
    const q = await create();
    const gen = async () =>
      expectSuccess<{ pdfFileUrl: string }>(
        await t.http.post(`/api/quotations/${q.quotationId}/pdf`).set(as(w.tokens.sales)),
      ).pdfFileUrl;
    const [a, b] = [await gen(), await gen()];
    expect(a).not.toBe(b);
    expect((await download(a)).status).toBe(200);
    expect((await download(b)).status).toBe(200);
  });

  it('does not render another salesperson’s quotation', async () => {
    const foreign = expectSuccess<{ quotationId: number }>(
      await t.http
        .post('/api/quotations')
        .set(as(w.tokens.manager))
        .send(quotationBody(w, now, { customerId: w.otherCustomerId, customerContactId: w.otherContactId })),
    );
    expectFailure(
      await t.http.post(`/api/quotations/${foreign.quotationId}/pdf`).set(as(w.tokens.sales)),
      404,
      'QUOTATION_NOT_FOUND',
    );
    expectFailure(
      await t.http.post(`/api/quotations/${foreign.quotationId}/pdf`).set(as(w.tokens.media)),
      403,
      'FORBIDDEN',
    );
  });

  it.each([
    '/files/..%2fjwt-secret',
    '/files/..%2F..%2Fetc%2Fpasswd',
    '/files/quotations/..%2f..%2fjwt-secret',
    '/files/quotations/%2e%2e/%2e%2e/jwt-secret',
    '/files/quotations%5c..%5cjwt-secret',
    '/files/quotations//x.pdf',
    '/files/%E0%A4%A',
    '/files/',
    '/files/quotations',
    '/files/quotations/QUOT-2000-001-00000000000000000000000000000000.pdf',
    '/files/.hidden',
  ])('answers 404 for %s without leaving the files directory', async (path) => {
    const res = await t.http.get(path);
    expectFailure(res, 404, 'FILE_NOT_FOUND');
    expect(res.text).not.toContain('test-secret');
  });

  it('answers 405 to writes on /files', async () => {
    expectFailure(await t.http.post('/files/quotations/x.pdf'), 405, 'METHOD_NOT_ALLOWED');
  });
});
