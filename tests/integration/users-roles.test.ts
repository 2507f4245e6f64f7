import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('users and roles (004 §4)', () => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    admin = await t.login('admin', 'admin123');
  });
  afterAll(() => t.close());

  it('lists staff users as a page, filtered by isActive and keyword', async () => {
    const res = await t.http.get('/api/users?page=1&pageSize=5').set(auth());
    expect(res.status).toBe(200);
    expect(res.body.data.pagination).toEqual({ page: 1, pageSize: 5, total: 9, totalPages: 2 });
    expect(res.body.data.list).toHaveLength(5);
    const byKeyword = await t.http.get(`/api/users?keyword=${encodeURIComponent('管理员')}`).set(auth());
    expect(byKeyword.body.data.list.map((u: { username: string }) => u.username)).toEqual(['admin']);
    const inactive = await t.http.get('/api/users?isActive=0').set(auth());
    expect(inactive.body.data.pagination.total).toBe(0);
    expect((await t.http.get('/api/users?isActive=7').set(auth())).status).toBe(400);
  });

  it('creates a user with roles; the new user logs in with its userCode', async () => {
    const res = await t.http
      .post('/api/users')
      .set(auth())
      .send({
        userCode: 'EMP100',
        realName: '张三',
        mobile: '13800138100',
        email: 'zhangsan@example.com',
        password: '123456',
        roleIds: [1, 3],
      });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ userCode: 'EMP100', username: 'EMP100', realName: '张三', isActive: 1 });
    expect(res.body.data.roles.map((r: { roleCode: string }) => r.roleCode)).toEqual(['sales', 'sales_manager']);
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const login = await t.http.post('/api/auth/login').send({ username: 'EMP100', password: '123456' });
    expect(login.status).toBe(200);
    expect(login.body.data.user.permissions).toContain('data.all');
  });

  it('refuses duplicates, unknown roles and bad fields with clear errors', async () => {
    const base = { userCode: 'EMP200', realName: '李四', mobile: '13800138200', password: '123456' };
    expect((await t.http.post('/api/users').set(auth()).send(base)).status).toBe(200);
    const dupCode = await t.http
      .post('/api/users')
      .set(auth())
      .send({ ...base, username: 'lisi2' });
    expect(dupCode.status).toBe(409);
    expect(dupCode.body.error.code).toBe('USER_CODE_TAKEN');
    const dupName = await t.http
      .post('/api/users')
      .set(auth())
      .send({ ...base, userCode: 'EMP201', username: 'admin' });
    expect(dupName.body.error.code).toBe('USERNAME_TAKEN');
    const badRole = await t.http
      .post('/api/users')
      .set(auth())
      .send({ ...base, userCode: 'EMP202', roleIds: [999] });
    expect(badRole.status).toBe(404);
    expect(badRole.body.error.code).toBe('ROLE_NOT_FOUND');
    const badMobile = await t.http
      .post('/api/users')
      .set(auth())
      .send({ ...base, userCode: 'EMP203', mobile: '123' });
    expect(badMobile.status).toBe(400);
    expect(badMobile.body.message).toContain('mobile');
    // Nothing half-written: the failed creates left no rows.
    const list = await t.http.get('/api/users?keyword=EMP20').set(auth());
    expect(list.body.data.list.map((u: { userCode: string }) => u.userCode)).toEqual(['EMP200']);
  });

  it('updates a user and answers 404 for a missing one', async () => {
    const list = await t.http.get('/api/users?keyword=sales').set(auth());
    const id = list.body.data.list[0].userId;
    const res = await t.http
      .put(`/api/users/${id}`)
      .set(auth())
      .send({ realName: '张三-销售', email: 'z@example.com' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ realName: '张三-销售', email: 'z@example.com' });
    expect((await t.http.put('/api/users/999999').set(auth()).send({ realName: 'x' })).status).toBe(404);
    expect((await t.http.put(`/api/users/${id}`).set(auth()).send({})).status).toBe(400);
  });

  it('admin cannot disable itself', async () => {
    const profile = await t.http.get('/api/auth/profile').set(auth());
    const res = await t.http.put(`/api/users/${profile.body.data.id}/status`).set(auth()).send({ isActive: 0 });
    expect(res.status).toBe(422);
  });

  it('assigning roles takes effect on the user’s live token at once', async () => {
    const token = await t.login('media', 'media123');
    expect((await t.http.get('/api/logs').set('authorization', `Bearer ${token}`)).status).toBe(403);
    const list = await t.http.get('/api/users?keyword=media').set(auth());
    const id = list.body.data.list[0].userId;
    const res = await t.http
      .put(`/api/users/${id}/roles`)
      .set(auth())
      .send({ roleIds: [4] });
    expect(res.status).toBe(200);
    expect(res.body.data.roles.map((r: { roleCode: string }) => r.roleCode)).toEqual(['ops']);
    expect((await t.http.get('/api/logs').set('authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('lists roles with their permissions and the permission catalogue', async () => {
    const roles = await t.http.get('/api/roles').set(auth());
    expect(roles.status).toBe(200);
    expect(
      roles.body.data.slice(0, 6).map((r: { roleId: number; roleCode: string }) => [r.roleId, r.roleCode]),
    ).toEqual([
      [1, 'sales'],
      [2, 'media'],
      [3, 'sales_manager'],
      [4, 'ops'],
      [5, 'finance'],
      [6, 'admin'],
    ]);
    expect(roles.body.data[0]).toMatchObject({ roleName: '销售人员', description: '管理线索、客户、报价单、合同' });
    const perms = await t.http.get('/api/permissions').set(auth());
    expect(perms.body.data.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining([
        'orders.lock',
        'orders.halt',
        'jiedan.create',
        'progress.write',
        'payments.confirm',
        'monitor.read',
      ]),
    );
  });

  it('editing a role’s permissions applies to every holder immediately', async () => {
    const finance = await t.login('finance', 'finance123');
    expect((await t.http.get('/api/users').set('authorization', `Bearer ${finance}`)).status).toBe(403);
    const perms = await t.http.get('/api/permissions').set(auth());
    const roles = await t.http.get('/api/roles').set(auth());
    const financeRole = roles.body.data.find((r: { roleCode: string }) => r.roleCode === 'finance');
    const idOf = (code: string) => perms.body.data.find((p: { code: string }) => p.code === code).permissionId;
    const wanted = [...financeRole.permissions, 'users.read'].map(idOf);
    const res = await t.http
      .put(`/api/roles/${financeRole.roleId}/permissions`)
      .set(auth())
      .send({ permissionIds: wanted });
    expect(res.status).toBe(200);
    expect(res.body.data.permissions).toContain('users.read');
    expect((await t.http.get('/api/users').set('authorization', `Bearer ${finance}`)).status).toBe(200);
    const bad = await t.http
      .put(`/api/roles/${financeRole.roleId}/permissions`)
      .set(auth())
      .send({ permissionIds: [99999] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('PERMISSION_NOT_FOUND');
    expect((await t.http.put('/api/roles/6/permissions').set(auth()).send({ permissionIds: [] })).status).toBe(422);
  });

  it('logs every successful write with user, module, action, target, IP and time', async () => {
    const created = await t.http.post('/api/users').set(auth()).send({
      userCode: 'EMP300',
      realName: '王五',
      mobile: '13800138300',
      password: '123456',
    });
    const id = created.body.data.userId;
    await t.http
      .post('/api/users')
      .set(auth())
      .send({ userCode: 'EMP300', realName: 'x', mobile: '13800138301', password: '123456' });
    const logs = await t.http.get('/api/logs?moduleName=users&actionType=create').set(auth());
    expect(logs.status).toBe(200);
    const mine = logs.body.data.list.filter((l: { targetId: string }) => l.targetId === String(id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      username: 'admin',
      moduleName: 'users',
      actionType: 'create',
      targetType: 'user',
      method: 'POST',
      path: '/api/users',
    });
    expect(mine[0].ip).toMatch(/127\.0\.0\.1/);
    expect(Date.now() - Date.parse(mine[0].createdAt)).toBeLessThan(60_000);
    // The failed duplicate create wrote no log line.
    const total = logs.body.data.list.filter((l: { path: string }) => l.path === '/api/users').length;
    expect(total).toBe(logs.body.data.list.length);
    const logins = await t.http.get('/api/logs?moduleName=auth&actionType=login&pageSize=100').set(auth());
    expect(logins.body.data.list.some((l: { username: string }) => l.username === 'admin')).toBe(true);
  });
});
