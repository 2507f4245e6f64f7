import { SignJWT } from 'jose';
import { createSecretKey } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { seedDemo } from '../helpers/seed';

describe('staff auth (004 §1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
  });
  afterAll(() => t.close());

  it('logs in admin/admin123 and answers the documented shape inside the envelope', async () => {
    const res = await t.http.post('/api/auth/login').send({ username: 'admin', password: 'admin123' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, code: 200, message: '登录成功' });
    expect(typeof res.body.timestamp).toBe('number');
    expect(res.body.data.user).toMatchObject({ username: 'admin', name: '系统管理员', role: 6, avatar: null });
    expect(res.body.data.user.permissions).toContain('users.create');
    expect(res.body.data.token.split('.')).toHaveLength(3);
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt/);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown user alike', async () => {
    const wrong = await t.http.post('/api/auth/login').send({ username: 'admin', password: 'nope' });
    const unknown = await t.http.post('/api/auth/login').send({ username: 'ghost', password: 'nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        success: false,
        code: 401,
        error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' },
      });
    }
  });

  it('names the missing field in Chinese on bad input', async () => {
    const res = await t.http.post('/api/auth/login').send({ username: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
  });

  it('returns the profile with department, phone and email', async () => {
    const token = await t.login('sales', 'sales123');
    const res = await t.http.get('/api/auth/profile').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ username: 'sales', role: 1, roles: ['sales'], phone: expect.any(String) });
    expect(res.body.data).toHaveProperty('department');
    expect(res.body.data).toHaveProperty('email');
  });

  it('refuses missing, forged, alg:none and expired tokens with 401', async () => {
    const none = (await t.http.get('/api/auth/profile')).body;
    expect(none.error.code).toBe('UNAUTHORIZED');

    const token = await t.login('admin', 'admin123');
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const otherKey = await new SignJWT({ tv: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('order-delivery-platform')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(createSecretKey(Buffer.from('another-secret-another-secret-another-secret')));
    const expired = await new SignJWT({ tv: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('order-delivery-platform')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(createSecretKey(Buffer.from(t.config.jwt.secret)));
    const noExp = await new SignJWT({ tv: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('order-delivery-platform')
      .setIssuedAt()
      .sign(createSecretKey(Buffer.from(t.config.jwt.secret)));
    const expect401 = async (bearer: string, code: string) => {
      const res = await t.http.get('/api/auth/profile').set('authorization', `Bearer ${bearer}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe(code);
    };
    await expect401(forged, 'TOKEN_INVALID');
    await expect401(algNone, 'TOKEN_INVALID');
    await expect401(otherKey, 'TOKEN_INVALID');
    await expect401(expired, 'TOKEN_EXPIRED');
    await expect401(noExp, 'TOKEN_INVALID');
  });

  it('changing the password revokes older tokens and hands out a working new one', async () => {
    const old = await t.login('finance', 'finance123');
    const wrongOld = await t.http
      .put('/api/auth/password')
      .set('authorization', `Bearer ${old}`)
      .send({ oldPassword: 'bad', newPassword: 'finance456' });
    expect(wrongOld.status).toBe(400);
    expect(wrongOld.body.error.code).toBe('OLD_PASSWORD_WRONG');

    const res = await t.http
      .put('/api/auth/password')
      .set('authorization', `Bearer ${old}`)
      .send({ oldPassword: 'finance123', newPassword: 'finance456' });
    expect(res.status).toBe(200);
    const fresh = res.body.data.token as string;
    expect((await t.http.get('/api/auth/profile').set('authorization', `Bearer ${old}`)).status).toBe(401);
    expect((await t.http.get('/api/auth/profile').set('authorization', `Bearer ${fresh}`)).status).toBe(200);
    expect((await t.http.post('/api/auth/login').send({ username: 'finance', password: 'finance123' })).status).toBe(
      401,
    );
    expect((await t.http.post('/api/auth/login').send({ username: 'finance', password: 'finance456' })).status).toBe(
      200,
    );
  });

  it('a disabled user cannot log in and its live tokens stop working at once', async () => {
    const admin = await t.login('admin', 'admin123');
    const victim = await t.login('media', 'media123');
    expect((await t.http.get('/api/auth/profile').set('authorization', `Bearer ${victim}`)).status).toBe(200);
    const users = await t.http.get('/api/users?keyword=media').set('authorization', `Bearer ${admin}`);
    const id = users.body.data.list.find((u: { username: string }) => u.username === 'media').userId;
    const off = await t.http
      .put(`/api/users/${id}/status`)
      .set('authorization', `Bearer ${admin}`)
      .send({ isActive: 0, reason: '员工离职' });
    expect(off.status).toBe(200);
    expect(off.body.data.isActive).toBe(0);
    expect((await t.http.get('/api/auth/profile').set('authorization', `Bearer ${victim}`)).status).toBe(401);
    const login = await t.http.post('/api/auth/login').send({ username: 'media', password: 'media123' });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('USER_DISABLED');
  });

  it('checks a token without a database query once the principal is cached', async () => {
    const token = await t.login('ops', 'ops123');
    const warm = await t.http.get('/api/metrics/performance').set('authorization', `Bearer ${token}`);
    expect(warm.status).toBe(200);
    const sequelize = t.container.db.sequelize;
    const original = sequelize.query.bind(sequelize);
    const seen: string[] = [];
    const spy = jest.spyOn(sequelize, 'query').mockImplementation(((sql: unknown, options?: unknown) => {
      seen.push(typeof sql === 'string' ? sql : JSON.stringify(sql));
      return original(sql as string, options as never);
    }) as never);
    try {
      for (let i = 0; i < 3; i += 1) {
        const res = await t.http.get('/api/metrics/performance').set('authorization', `Bearer ${token}`);
        expect(res.status).toBe(200);
      }
    } finally {
      spy.mockRestore();
    }
    expect(seen.length).toBeGreaterThan(0); // the endpoint's own aggregation queries were seen
    const touchesAccessTables =
      /\b(FROM|JOIN|UPDATE|INTO)\s+[`"]?(users|user_roles|role_permissions|permissions|roles)[`"]?\s/i;
    expect(seen.filter((q) => touchesAccessTables.test(q))).toEqual([]);
  });

  it('limits login attempts per IP (20/min) with Retry-After', async () => {
    let last = null as null | { status: number; headers: Record<string, string>; body: { error: { code: string } } };
    for (let i = 0; i < 22; i += 1) {
      last = await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'x' });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(last?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
  });
});
