import { startFakeWechat, type FakeWechat } from '../fakes/fake-wechat';
import { createLogger } from '@app/server/src/platform/logger';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** Each test speaks from its own client IP (trusted proxy header), so per-IP limits do not leak between tests. */
let nextIp = 1;
const freshIp = () => `10.9.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

describe('WeChat login (003) against a fake WeChat server', () => {
  let t: TestApp;
  let wechat: FakeWechat;
  const logs: string[] = [];

  beforeAll(async () => {
    wechat = await startFakeWechat();
    // Capture every log line the server writes, to prove session_key never appears.
    const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });
    t = await startTestApp(
      {
        WECHAT_MODE: 'live',
        WECHAT_APP_ID: 'wx-test-app',
        WECHAT_APP_SECRET: 'wx-test-secret',
        WECHAT_API_BASE: wechat.baseUrl,
        WECHAT_TIMEOUT_MS: '300',
        TRUST_PROXY: 'true',
      },
      { logger },
    );
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  const wxLogin = (body: object, ip = freshIp()) =>
    t.http.post('/api/auth/wx-login').set('x-forwarded-for', ip).send(body);

  it('logs in with a valid code: token, userId, expiresAt (ms), not yet bound', async () => {
    const res = await wxLogin({ code: 'good-alice', userInfo: { nickName: '爱丽丝', avatarUrl: 'https://img/a.png' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      message: '登录成功',
      data: { userId: expect.any(String), bound: false },
    });
    expect(res.body.data.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    const sent = wechat.requests.at(-1);
    expect(sent?.get('appid')).toBe('wx-test-app');
    expect(sent?.get('secret')).toBe('wx-test-secret');
    expect(sent?.get('grant_type')).toBe('authorization_code');
  });

  it('never returns, logs or stores session_key', async () => {
    const res = await wxLogin({ code: 'good-bob' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('SECRET_SESSION_KEY');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('')).not.toContain('SECRET_SESSION_KEY');
    const [rows] = await t.container.db.sequelize.query('SELECT * FROM users');
    expect(JSON.stringify(rows)).not.toContain('SECRET_SESSION_KEY');
  });

  it('finds the same user again for the same openid', async () => {
    const a = await wxLogin({ code: 'good-carol.1' });
    const b = await wxLogin({ code: 'good-carol.2' });
    expect(a.body.data.userId).toBe(b.body.data.userId);
  });

  it.each([
    [{}, 400, 'WECHAT_CODE_MISSING'],
    [{ code: '' }, 400, 'WECHAT_CODE_MISSING'],
    [{ code: 'bad-1' }, 400, 'WECHAT_CODE_INVALID'],
    [{ code: 'noopenid-1' }, 400, 'WECHAT_OPENID_INVALID'],
    [{ code: 'busy-1' }, 429, 'WECHAT_RATE_LIMITED'],
    [{ code: 'blocked-1' }, 403, 'WECHAT_USER_BLOCKED'],
    [{ code: 'slow-1' }, 504, 'WECHAT_TIMEOUT'],
  ])('maps %j to %d %s', async (body, status, code) => {
    const res = await wxLogin(body);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ success: false, code: status, error: { code } });
  });

  it('refuses a code used twice (40163)', async () => {
    expect((await wxLogin({ code: 'good-dave' })).status).toBe(200);
    const again = await wxLogin({ code: 'good-dave' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('WECHAT_CODE_USED');
  });

  it('answers the 11th login from one client within a minute with 429', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await wxLogin({ code: `good-erin.${i}` }, ip)).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('reports WeChat as degraded in the health check after a failed call', async () => {
    await wxLogin({ code: 'slow-2' });
    const res = await t.http.get('/api/health/check');
    expect(res.body.data.services.wechat).toBe('degraded');
  });
});

describe('binding a WeChat user with an invite code (003 bind-company)', () => {
  let t: TestApp;
  let customerCode: string;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
    customerCode = (await seedDemo(t)).customer.customerCode;
  });
  afterAll(() => t.close());

  const wxToken = async (name: string) => {
    const res = await t.http
      .post('/api/auth/wx-login')
      .set('x-forwarded-for', freshIp())
      .send({ code: `mock:${name}` });
    expect(res.status).toBe(200);
    return res.body.data.token as string;
  };
  const bind = (token: string, body: object, ip = freshIp()) =>
    t.http.post('/api/auth/bind-company').set('authorization', `Bearer ${token}`).set('x-forwarded-for', ip).send(body);

  it('binds to the company of the invite code and reports the company', async () => {
    const token = await wxToken('hotel-buyer');
    const res = await bind(token, { inviteCode: 'demo-hotel' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      message: '绑定成功',
      data: {
        bindStatus: true,
        bindType: 'customer',
        alreadyBound: false,
        companyInfo: { companyId: customerCode, companyName: '演示酒店集团' },
      },
    });
    const profile = await t.http.get('/api/user/profile').set('authorization', `Bearer ${token}`);
    expect(profile.status).toBe(200);
    expect(profile.body.data.erpBinding).toMatchObject({
      companyId: customerCode,
      companyName: '演示酒店集团',
      boundAt: expect.any(Number),
    });
    expect(profile.body.data.roles).toContain('customer');
    expect(profile.body.data.sessionExpiresAt).toBeGreaterThan(Date.now());
  });

  it('the code may be used many times, by many users', async () => {
    for (const name of ['buyer-2', 'buyer-3'])
      expect((await bind(await wxToken(name), { inviteCode: 'DEMO-HOTEL' })).status).toBe(200);
  });

  it('an existing binding is reported as 已绑定该企业 and never replaced', async () => {
    const token = await wxToken('buyer-4');
    await bind(token, { inviteCode: 'DEMO-HOTEL' });
    const again = await bind(token, { inviteCode: 'DEMO-HOTEL' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ message: '已绑定该企业', data: { alreadyBound: true } });
    const other = await bind(token, { inviteCode: 'DEMO-FACTORY' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('COMPANY_ALREADY_BOUND');
    const profile = await t.http.get('/api/user/profile').set('authorization', `Bearer ${token}`);
    expect(profile.body.data.erpBinding.companyId).toBe(customerCode);
    expect(profile.body.data.factoryBinding).toBeNull();
  });

  it('an invalid or empty code is refused with a clear error', async () => {
    const token = await wxToken('buyer-5');
    const invalid = await bind(token, { inviteCode: 'NO-SUCH-CODE' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ message: '邀请码无效', error: { code: 'INVITE_CODE_INVALID' } });
    const empty = await bind(token, { inviteCode: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('a rotated code no longer matches the company', async () => {
    const admin = await t.login('admin', 'admin123');
    const customerId = (await t.container.repositories.customers.findRef(1))?.id;
    const rotated = await t.http
      .post(`/api/customers/${customerId}/invite-code`)
      .set('authorization', `Bearer ${admin}`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.inviteCode).toMatch(/^[A-Z2-9]{8}$/);
    const token = await wxToken('buyer-6');
    const old = await bind(token, { inviteCode: 'DEMO-HOTEL' });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('INVITE_CODE_MISMATCH');
    expect((await bind(token, { inviteCode: rotated.body.data.inviteCode })).status).toBe(200);
  });

  it('a factory code makes the user a factory user of that factory', async () => {
    const token = await wxToken('worker-1');
    const res = await bind(token, { inviteCode: 'DEMO-FACTORY' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      bindType: 'factory',
      companyInfo: { companyName: '演示智能设备工厂', factoryId: expect.any(String) },
    });
    const profile = await t.http.get('/api/user/profile').set('authorization', `Bearer ${token}`);
    expect(profile.body.data.roles).toContain('factory');
    expect(profile.body.data.factoryBinding).toMatchObject({ factoryName: '演示智能设备工厂' });
    // The new role takes effect on the same token at once: the factory user may read its factory.
    const own = await t.http
      .get(`/api/factories/${res.body.data.companyInfo.factoryId}`)
      .set('authorization', `Bearer ${token}`);
    expect(own.status).toBe(200);
  });

  it('checks an optional userId against the token', async () => {
    const token = await wxToken('buyer-7');
    const res = await bind(token, { inviteCode: 'DEMO-HOTEL', userId: '999999' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('USER_MISMATCH');
  });

  it('is for WeChat users only, and needs a token', async () => {
    const staff = await t.login('sales', 'sales123');
    expect((await bind(staff, { inviteCode: 'DEMO-HOTEL' })).status).toBe(403);
    expect((await t.http.post('/api/auth/bind-company').send({ inviteCode: 'DEMO-HOTEL' })).status).toBe(401);
  });

  it('limits binding to 5 a minute per user, even from different IPs', async () => {
    const token = await wxToken('guesser');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await bind(token, { inviteCode: `GUESS-${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(429);
  });

  it('limits binding to 5 a minute per IP, even for different users', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await bind(await wxToken(`ip-user-${i}`), { inviteCode: 'NOPE' }, ip)).status);
    expect(statuses[5]).toBe(429);
  });

  it('a disabled WeChat user cannot log in again', async () => {
    const token = await wxToken('to-disable');
    const admin = await t.login('admin', 'admin123');
    const profile = await t.http.get('/api/user/profile').set('authorization', `Bearer ${token}`);
    const id = Number(profile.body.data.userId);
    expect(
      (await t.http.put(`/api/users/${id}/status`).set('authorization', `Bearer ${admin}`).send({ isActive: 0 }))
        .status,
    ).toBe(200);
    expect((await t.http.get('/api/user/profile').set('authorization', `Bearer ${token}`)).status).toBe(401);
    const login = await t.http
      .post('/api/auth/wx-login')
      .set('x-forwarded-for', freshIp())
      .send({ code: 'mock:to-disable' });
    expect(login.status).toBe(403);
  });
});
