import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('factories', () => {
  let t: TestApp;
  let purchaser: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    purchaser = await t.login('purchaser', 'purchaser123');
  });
  afterAll(() => t.close());

  it('creates a factory with a generated code and shows its invite code to those who may issue one', async () => {
    const res = await t.http
      .post('/api/factories')
      .set(as(purchaser))
      .send({ name: '东莞精工五金厂', contactName: '陈厂长', contactPhone: '13900000000' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      factoryCode: 'FAC-0002',
      name: '东莞精工五金厂',
      isActive: 1,
      inviteCode: null,
    });
    const code = await t.http.post(`/api/factories/${res.body.data.factoryId}/invite-code`).set(as(purchaser));
    expect(code.status).toBe(200);
    const detail = await t.http.get(`/api/factories/${res.body.data.factoryId}`).set(as(purchaser));
    expect(detail.body.data.inviteCode).toBe(code.body.data.inviteCode);
    const ops = await t.login('ops', 'ops123');
    const seenByOps = await t.http.get(`/api/factories/${res.body.data.factoryId}`).set(as(ops));
    expect(seenByOps.status).toBe(200);
    expect(seenByOps.body.data).not.toHaveProperty('inviteCode');
  });

  it('refuses a duplicate factory code and an empty name', async () => {
    expect(
      (await t.http.post('/api/factories').set(as(purchaser)).send({ name: 'A', factoryCode: 'F-X1' })).status,
    ).toBe(200);
    const dup = await t.http.post('/api/factories').set(as(purchaser)).send({ name: 'B', factoryCode: 'F-X1' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('FACTORY_CODE_TAKEN');
    const empty = await t.http.post('/api/factories').set(as(purchaser)).send({ name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe('name');
  });

  it('lists with keyword and isActive filters, and updates', async () => {
    const created = await t.http.post('/api/factories').set(as(purchaser)).send({ name: '佛山灯饰厂' });
    const id = created.body.data.factoryId;
    const upd = await t.http.put(`/api/factories/${id}`).set(as(purchaser)).send({ isActive: 0, address: '佛山市' });
    expect(upd.status).toBe(200);
    expect(upd.body.data).toMatchObject({ isActive: 0, address: '佛山市' });
    const list = await t.http.get(`/api/factories?keyword=${encodeURIComponent('灯饰')}&isActive=0`).set(as(purchaser));
    expect(list.body.data.list.map((f: { factoryId: number }) => f.factoryId)).toEqual([id]);
    expect((await t.http.put('/api/factories/999999').set(as(purchaser)).send({ name: 'x' })).status).toBe(404);
  });

  it('a factory user sees only its own factory; another factory answers 404', async () => {
    const other = await t.http.post('/api/factories').set(as(purchaser)).send({ name: '别家工厂' });
    const login = await t.http.post('/api/auth/wx-login').send({ code: 'mock:factory-worker' });
    const token = login.body.data.token as string;
    const bound = await t.http.post('/api/auth/bind-company').set(as(token)).send({ inviteCode: 'DEMO-FACTORY' });
    const ownId = bound.body.data.companyInfo.factoryId;
    expect((await t.http.get(`/api/factories/${ownId}`).set(as(token))).status).toBe(200);
    const foreign = await t.http.get(`/api/factories/${other.body.data.factoryId}`).set(as(token));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('FACTORY_NOT_FOUND');
    const list = await t.http.get('/api/factories').set(as(token));
    expect(list.body.data.list.map((f: { factoryId: number }) => String(f.factoryId))).toEqual([ownId]);
    expect((await t.http.post(`/api/factories/${ownId}/invite-code`).set(as(token))).status).toBe(403);
  });

  it('a salesperson issues invite codes only for their own customers', async () => {
    const sales = await t.login('sales', 'sales123');
    const own = await t.http.post('/api/customers/1/invite-code').set(as(sales));
    expect(own.status).toBe(200);
    const manager = await t.login('sales_manager', 'sales_manager123');
    const users = await t.http.get('/api/users?keyword=sales_manager').set(as(manager));
    const managerId = users.body.data.list[0].userId;
    await t.container.db.sequelize.query(`UPDATE customers SET ownerId = ${managerId} WHERE id = 1`);
    const foreign = await t.http.post('/api/customers/1/invite-code').set(as(sales));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    expect((await t.http.post('/api/customers/999/invite-code').set(as(manager))).status).toBe(404);
  });
});
