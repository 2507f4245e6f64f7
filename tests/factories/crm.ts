import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { TestApp } from '../helpers/test-app';

export const as = (token: string) => ({ authorization: `Bearer ${token}` });

let seq = 0;
/** A customer body with a unique name and phone (so duplicate detection stays out of the way). */
export function newCustomer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    customerName: `测试商务酒店${seq}号`,
    customerType: 'single_hotel',
    customerLevel: 'B',
    customerStage: 'lead',
    industry: '经济型酒店',
    province: '广东省',
    city: '深圳市',
    address: '南山区科技园南路XX号',
    contactPhone: `0755-${String(20000000 + seq * 7919).slice(0, 8)}`,
    hotelRooms: 100,
    hotelStar: '三星',
    source: 'social_media',
    description: '通过抖音沟通获取的线索',
    ...overrides,
  };
}

/** A staff user with one role, logged in. */
export async function staffUser(
  t: TestApp,
  adminToken: string,
  username: string,
  roleId: number,
): Promise<{ id: number; token: string }> {
  const res = await t.http
    .post('/api/users')
    .set(as(adminToken))
    .send({
      userCode: username.toUpperCase(),
      username,
      realName: `用户${username}`,
      mobile: `139${String(10000000 + username.length * 1234567).slice(0, 8)}`,
      password: `${username}-pass`,
      roleIds: [roleId],
    });
  if (res.status !== 200) throw new Error(`creating ${username}: ${JSON.stringify(res.body)}`);
  return { id: res.body.data.userId as number, token: await t.login(username, `${username}-pass`) };
}

export async function userId(t: TestApp, token: string): Promise<number> {
  const res = await t.http.get('/api/auth/profile').set(as(token));
  return res.body.data.id as number;
}

/** An .xlsx file with a header row and data rows. */
export async function xlsx(header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('线索');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => values.push(cell.text));
    rows.push(values);
  });
  return rows;
}

/** supertest: collect a binary answer into a Buffer. */
export const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
