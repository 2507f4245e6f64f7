import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('产品');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(res: Response): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as ArrayBuffer);
  const out: string[][] = [];
  workbook.worksheets[0].eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return out;
}

/** supertest: collect a binary answer into a Buffer. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const HEADER = ['产品编码', '产品名称', '品牌', '分类编码', '供货工厂', '成本价', '销售价', '单位', '状态', '描述'];

describe('product import and export (004 §2.10-2.11)', () => {
  let t: TestApp;
  let purchaser: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    purchaser = await t.login('purchaser', 'purchaser123');
    await t.http
      .post('/api/products/categories')
      .set(as(purchaser))
      .send({ categoryName: '智能客控系统', categoryCode: 'ROOM_CONTROL' });
    await t.http
      .post('/api/products/categories')
      .set(as(purchaser))
      .send({ categoryName: '门锁', categoryCode: 'LOCK' });
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, name = 'products.xlsx') =>
    t.http.post('/api/products/import').set(as(purchaser)).attach('file', file, name);

  it('imports good rows, reports each bad row by its row number, and writes nothing for a bad row', async () => {
    const file = await xlsx([
      HEADER,
      ['RCS-001', '智能客控主机标准版', '艾居来', 'ROOM_CONTROL', 'FAC-0001', 800, 1500, '台', '在售', '标准版'],
      [
        'RCS-002',
        '智能客控主机高配版',
        '艾居来',
        'room_control',
        '演示智能设备工厂',
        '900.5',
        '1800.50',
        '台',
        'draft',
        '',
      ],
      ['RCS-001', '重复编码', '', 'ROOM_CONTROL', '', '', 100, '', '', ''],
      ['LCK-001', '智能门锁', '', 'NO_SUCH', '', '', 100, '', '', ''],
      ['LCK-002', '', '', 'LOCK', '', '', 'abc', '', '', ''],
      [],
      ['LCK-003', '指纹锁', '', 'LOCK', '不存在的工厂', '', 200, '把', '', ''],
      ['LCK-004', '人脸锁', '', 'LOCK', '', '', 300, '把', '停售', ''],
    ]);
    const res = await upload(file);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ totalRows: 7, successCount: 3, failCount: 4 });
    expect(res.body.data.errors).toEqual([
      { row: 4, error: '产品编码已存在' },
      { row: 5, error: '分类编码不存在：NO_SUCH' },
      { row: 6, error: expect.stringMatching(/产品名称.*；销售价|销售价.*产品名称/) },
      { row: 8, error: '供货工厂不存在：不存在的工厂' },
    ]);
    const list = await t.http.get('/api/products?pageSize=50').set(as(purchaser));
    const byCode = new Map(list.body.data.list.map((p: { productCode: string }) => [p.productCode, p]));
    expect([...byCode.keys()].sort()).toEqual(['LCK-004', 'RCS-001', 'RCS-002']);
    expect(byCode.get('RCS-002')).toMatchObject({
      costPrice: '900.50',
      salePrice: '1800.50',
      status: 'draft',
      supplier: '演示智能设备工厂',
    });
    expect(byCode.get('RCS-001')).toMatchObject({ productName: '智能客控主机标准版', status: 'active' });
    expect(byCode.get('LCK-004')).toMatchObject({ status: 'inactive', unit: '把' });
  });

  it('refuses what is not an .xlsx, a sheet without the required columns, a missing file and a non-multipart body', async () => {
    const notXlsx = await upload(Buffer.from('not a spreadsheet'));
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body.message).toContain('.xlsx');
    const noColumns = await upload(await xlsx([['名称'], ['x']]));
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.message).toContain('产品编码');
    const noFile = await t.http.post('/api/products/import').set(as(purchaser)).field('other', 'x');
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.details[0].field).toBe('file');
    const json = await t.http.post('/api/products/import').set(as(purchaser)).send({ file: 'x' });
    expect(json.status).toBe(415);
  });

  it('refuses a file over 5 MB with 413', async () => {
    const res = await upload(Buffer.alloc(5 * 1024 * 1024 + 10, 1));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('exports with the list filters to an .xlsx that reads back, cost column only for cost viewers', async () => {
    const res = await t.http.get('/api/products/export?status=active').set(as(purchaser)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="products-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const rows = await readXlsx(res);
    expect(rows[0]).toContain('成本价');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['RCS-001']);
    expect(rows[1]).toEqual(
      expect.arrayContaining([
        'RCS-001',
        '智能客控主机标准版',
        'ROOM_CONTROL',
        '智能客控系统',
        '演示智能设备工厂',
        '800.00',
        '1500.00',
        '在售',
      ]),
    );

    const admin = await t.login('admin', 'admin123');
    const roles = await t.http.get('/api/roles').set(as(admin));
    const perms = await t.http.get('/api/permissions').set(as(admin));
    const store = roles.body.data.find((r: { roleCode: string }) => r.roleCode === 'store_manager');
    const wanted = [...store.permissions, 'products.export'];
    await t.http
      .put(`/api/roles/${store.roleId}/permissions`)
      .set(as(admin))
      .send({
        permissionIds: perms.body.data
          .filter((p: { code: string }) => wanted.includes(p.code))
          .map((p: { permissionId: number }) => p.permissionId),
      });
    const manager = await t.login('store_manager', 'store_manager123');
    const noCost = await t.http.get('/api/products/export').set(as(manager)).buffer(true).parse(binary);
    expect(noCost.status).toBe(200);
    const plain = await readXlsx(noCost);
    expect(plain[0]).not.toContain('成本价');
    expect(plain.flat()).not.toContain('800.00');
    expect(plain).toHaveLength(4);
  });

  it('exports a category code exactly as it was entered', async () => {
    const category = await t.http
      .post('/api/products/categories')
      .set(as(purchaser))
      .send({ categoryName: '镜子', categoryCode: 'smart_mirror' });
    const created = await t.http
      .post('/api/products')
      .set(as(purchaser))
      .send({ productCode: 'MIR-1', productName: '智能镜', categoryId: category.body.data.categoryId, salePrice: 99 });
    expect(created.status).toBe(200);
    const res = await t.http.get('/api/products/export?keyword=MIR-1').set(as(purchaser)).buffer(true).parse(binary);
    const rows = await readXlsx(res);
    expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([['MIR-1', 'smart_mirror']]);
  });

  it('an export imports back: every row reported as a duplicate, nothing changed', async () => {
    const exported = await t.http.get('/api/products/export').set(as(purchaser)).buffer(true).parse(binary);
    const res = await upload(exported.body as Buffer);
    expect(res.body.data).toMatchObject({ totalRows: 4, successCount: 0, failCount: 4 });
    expect(res.body.data.errors.every((e: { error: string }) => e.error === '产品编码已存在')).toBe(true);
  });
});
