import { request as httpRequest } from 'node:http';
import type { Response } from 'supertest';
import type { Factory, LoginResult, OperationLog, Page } from '@app/shared';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function staffLogin(t: TestApp, username: string, password: string): Promise<{ token: string; userId: number }> {
  const data = expectSuccess<LoginResult>(await t.http.post('/api/auth/login').send({ username, password }));
  return { token: data.token, userId: data.user.id };
}

/** The operation-log entries of one request, found by the request id the client sent. */
async function logsOfRequest(t: TestApp, adminToken: string, requestId: string): Promise<OperationLog[]> {
  const res = await t.http.get('/api/logs?pageSize=100').set('authorization', `Bearer ${adminToken}`);
  return expectSuccess<Page<OperationLog>>(res).list.filter((l) => l.requestId === requestId);
}

/** A POST whose body is sent chunked (no Content-Length), so only the streaming limit can stop it. */
function postChunked(baseUrl: string, path: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, baseUrl),
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

describe('platform: envelope, HTTP errors, headers and operation log', () => {
  let t: TestApp;
  let admin: { token: string; userId: number };
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_JSON: '2048', CORS_ORIGINS: 'https://ok.example' });
    await seedDemo(t);
    admin = await staffLogin(t, 'admin', 'admin123');
  });
  afterAll(() => t.close());

  describe('the envelope', () => {
    it('wraps a success as {success, code, message, timestamp, data} with code 200', async () => {
      const data = expectSuccess<{ status: string }>(await t.http.get('/api/health/check'), '系统健康');
      expect(data.status).toBe('healthy');
    });

    it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
      const body = expectFailure(await t.http.get('/api/no-such-thing'), 404, 'ROUTE_NOT_FOUND');
      expect(body.message).toBe('接口不存在');
      expectFailure(await t.http.post('/api/no-such-thing').send({ a: 1 }), 404, 'ROUTE_NOT_FOUND');
      expectFailure(await t.http.get('/nowhere'), 404, 'ROUTE_NOT_FOUND');
    });

    it('answers a known path with another method with 405 METHOD_NOT_ALLOWED', async () => {
      const res = await t.http.delete('/api/auth/profile').set('authorization', `Bearer ${admin.token}`);
      expectFailure(res, 405, 'METHOD_NOT_ALLOWED');
      expectFailure(await t.http.get('/api/auth/login'), 405, 'METHOD_NOT_ALLOWED');
      expectFailure(await t.http.patch('/api/factories').send({}), 405, 'METHOD_NOT_ALLOWED');
    });

    it('names the allowed methods in the Allow header of a 405 (RFC 9110 §15.5.6)', async () => {
      const res = await t.http.delete('/api/auth/profile').set('authorization', `Bearer ${admin.token}`);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBeDefined();
      expect(String(res.headers.allow).split(/,\s*/)).toContain('GET');
    });

    it('refuses a non-JSON body on a JSON route with 415', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('content-type', 'text/plain')
        .send('username=admin&password=admin123');
      expectFailure(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a JSON body over BODY_LIMIT_JSON with 413 PAYLOAD_TOO_LARGE', async () => {
      const big = { username: 'admin', password: 'x'.repeat(5000) };
      const res = await t.http.post('/api/auth/login').send(big);
      expectFailure(res, 413, 'PAYLOAD_TOO_LARGE');
      // Just under the limit is read and validated normally.
      const small = await t.http.post('/api/auth/login').send({ username: 'admin', password: 'x'.repeat(100) });
      expectFailure(small, 401, 'INVALID_CREDENTIALS');
    });

    it('also stops an oversized chunked body (no Content-Length) with 413', async () => {
      const res = await postChunked(t.baseUrl, '/api/auth/login', [
        '{"username":"admin","password":"',
        'y'.repeat(3000),
        'y'.repeat(3000),
        '"}',
      ]);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ success: false, code: 413, error: { code: 'PAYLOAD_TOO_LARGE' } });
    });

    it('answers malformed JSON with 400 INVALID_JSON', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send('{"username": "admin", "password": ');
      const body = expectFailure(res, 400, 'INVALID_JSON');
      expect(body.message).toBe('请求体不是合法的 JSON');
    });

    it('answers an unexpected error with 500 INTERNAL_ERROR and hides SQL and stack', async () => {
      const ops = await staffLogin(t, 'ops', 'ops123');
      const spy = jest
        .spyOn(t.container.services.monitoring, 'performance')
        .mockRejectedValue(new Error('SELECT secret FROM x'));
      let res: Response;
      let calls: number;
      try {
        res = await t.http.get('/api/metrics/performance').set('authorization', `Bearer ${ops.token}`);
        calls = spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
      expect(calls).toBe(1);
      const body = expectFailure(res, 500, 'INTERNAL_ERROR');
      expect(body.message).toBe('服务器内部错误');
      expect(body.error.details).toBeUndefined();
      expect(res.text).not.toMatch(/SELECT|secret|stack|\bat .+:\d+:\d+/);
      expect(res.headers['x-request-id']).toMatch(UUID);
      // The service works again once the fault is gone.
      expectSuccess(await t.http.get('/api/metrics/performance').set('authorization', `Bearer ${ops.token}`));
    });
  });

  describe('request id', () => {
    it('generates an X-Request-Id when the client sends none', async () => {
      const a = await t.http.get('/api/health/check');
      const b = await t.http.get('/api/no-such-thing');
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(b.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it('echoes a well-formed client X-Request-Id', async () => {
      const res = await t.http.get('/api/health/check').set('x-request-id', 'client-req_1.2');
      expect(res.headers['x-request-id']).toBe('client-req_1.2');
    });

    it('replaces a malformed or overlong client X-Request-Id with its own', async () => {
      for (const garbage of ['a b<c>', 'x'.repeat(65), '../../etc/passwd']) {
        const res = await t.http.get('/api/health/check').set('x-request-id', garbage);
        expect(res.headers['x-request-id']).toMatch(UUID);
      }
    });
  });

  describe('security headers and CORS', () => {
    it('sends the API security headers on successes and on failures', async () => {
      for (const res of [await t.http.get('/api/health/check'), await t.http.get('/api/no-such-thing')]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['strict-transport-security']).toContain('max-age=');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it("sends helmet's full header set on pages (docs)", async () => {
      const res = await t.http.get('/api/docs');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    });

    it('answers a preflight from an allowed origin', async () => {
      const res = await t.http
        .options('/api/auth/login')
        .set('origin', 'https://ok.example')
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type,authorization');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://ok.example');
      expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
      expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    });

    it('gives no CORS grant to a preflight from another origin', async () => {
      const res = await t.http
        .options('/api/auth/login')
        .set('origin', 'https://evil.example')
        .set('access-control-request-method', 'POST');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
    });

    it('grants a simple request from the allowed origin and exposes the request-id and rate-limit headers', async () => {
      const ok = await t.http.get('/api/health/check').set('origin', 'https://ok.example');
      expect(ok.headers['access-control-allow-origin']).toBe('https://ok.example');
      const exposed = String(ok.headers['access-control-expose-headers']).toLowerCase();
      expect(exposed).toContain('x-request-id');
      expect(exposed).toContain('retry-after');
      const evil = await t.http.get('/api/health/check').set('origin', 'https://evil.example');
      expect(evil.status).toBe(200);
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('keeps the CORS grant on a failure answer, so the browser can read the error', async () => {
      const res = await t.http.get('/api/auth/profile').set('origin', 'https://ok.example');
      expectFailure(res, 401, 'UNAUTHORIZED');
      expect(res.headers['access-control-allow-origin']).toBe('https://ok.example');
    });
  });

  describe('operation log', () => {
    it('records a successful write with user, module, action, target, ip, method and path', async () => {
      const created = await t.http
        .post('/api/factories')
        .set('authorization', `Bearer ${admin.token}`)
        .set('x-request-id', 'oplog-create-1')
        .set('user-agent', 'platform-test/1.0')
        .send({ name: '测试工厂' });
      const factory = expectSuccess<Factory>(created, '创建成功');
      expect(factory.name).toBe('测试工厂');

      const res = await t.http.get('/api/logs?moduleName=factories').set('authorization', `Bearer ${admin.token}`);
      const page = expectSuccess<Page<OperationLog>>(res, '查询成功');
      const entry = page.list.find((l) => l.requestId === 'oplog-create-1');
      expect(entry).toMatchObject({
        userId: admin.userId,
        username: 'admin',
        moduleName: 'factories',
        actionType: 'create',
        targetType: 'factory',
        targetId: String(factory.factoryId),
        method: 'POST',
        path: '/api/factories',
      });
      expect(entry?.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      expect(Date.parse(entry?.createdAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      expect(page.list.every((l) => l.moduleName === 'factories')).toBe(true);
    });

    it('records an update with the path parameter as target and the concrete path', async () => {
      const created = expectSuccess<Factory>(
        await t.http.post('/api/factories').set('authorization', `Bearer ${admin.token}`).send({ name: '改名前工厂' }),
      );
      const res = await t.http
        .put(`/api/factories/${created.factoryId}`)
        .set('authorization', `Bearer ${admin.token}`)
        .set('x-request-id', 'oplog-update-1')
        .send({ name: '改名后工厂' });
      expectSuccess(res, '修改成功');
      const [entry] = await logsOfRequest(t, admin.token, 'oplog-update-1');
      expect(entry).toMatchObject({
        moduleName: 'factories',
        actionType: 'update',
        targetId: String(created.factoryId),
        method: 'PUT',
        path: `/api/factories/${created.factoryId}`,
      });
    });

    it('records nothing for a failed write or a read', async () => {
      const failed = await t.http
        .put('/api/factories/999999')
        .set('authorization', `Bearer ${admin.token}`)
        .set('x-request-id', 'oplog-failed-1')
        .send({ name: '不存在' });
      expectFailure(failed, 404, 'FACTORY_NOT_FOUND');
      const invalid = await t.http
        .post('/api/factories')
        .set('authorization', `Bearer ${admin.token}`)
        .set('x-request-id', 'oplog-invalid-1')
        .send({ name: '' });
      expectFailure(invalid, 400, 'VALIDATION_ERROR');
      const read = await t.http
        .get('/api/factories')
        .set('authorization', `Bearer ${admin.token}`)
        .set('x-request-id', 'oplog-read-1');
      expectSuccess(read);
      for (const id of ['oplog-failed-1', 'oplog-invalid-1', 'oplog-read-1']) {
        expect(await logsOfRequest(t, admin.token, id)).toEqual([]);
      }
    });

    it('records a staff login with the user who logged in as actor', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('x-request-id', 'oplog-login-1')
        .send({ username: 'sales', password: 'sales123' });
      const data = expectSuccess<LoginResult>(res, '登录成功');
      const [entry] = await logsOfRequest(t, admin.token, 'oplog-login-1');
      expect(entry).toMatchObject({
        userId: data.user.id,
        username: 'sales',
        moduleName: 'auth',
        actionType: 'login',
        targetId: String(data.user.id),
        method: 'POST',
        path: '/api/auth/login',
      });
    });

    it('records a WeChat login (a write that creates the user) like the staff login', async () => {
      const res = await t.http
        .post('/api/auth/wx-login')
        .set('x-request-id', 'oplog-wxlogin-1')
        .send({ code: 'mock:oplog-user' });
      const data = expectSuccess<{ userId: string }>(res, '登录成功');
      const entries = await logsOfRequest(t, admin.token, 'oplog-wxlogin-1');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ userId: Number(data.userId), method: 'POST', path: '/api/auth/wx-login' });
    });

    it('filters by userId, actionType, startDate and endDate and pages the result', async () => {
      const ops = await staffLogin(t, 'ops', 'ops123');
      for (const name of ['分页工厂一', '分页工厂二', '分页工厂三']) {
        expectSuccess(await t.http.post('/api/factories').set('authorization', `Bearer ${admin.token}`).send({ name }));
      }
      const get = async (query: string) =>
        expectSuccess<Page<OperationLog>>(
          await t.http.get(`/api/logs?${query}`).set('authorization', `Bearer ${admin.token}`),
        );

      const byAdmin = await get(`userId=${admin.userId}&pageSize=100`);
      expect(byAdmin.list.length).toBeGreaterThanOrEqual(3);
      expect(byAdmin.list.every((l) => l.userId === admin.userId && l.username === 'admin')).toBe(true);
      const byOps = await get(`userId=${ops.userId}&pageSize=100`);
      expect(byOps.list.length).toBeGreaterThanOrEqual(1);
      expect(byOps.list.every((l) => l.userId === ops.userId)).toBe(true);

      const creates = await get('actionType=create&pageSize=100');
      expect(creates.list.every((l) => l.actionType === 'create')).toBe(true);
      const logins = await get('actionType=login&pageSize=100');
      expect(logins.list.length).toBeGreaterThanOrEqual(1);
      expect(logins.list.every((l) => l.actionType === 'login')).toBe(true);

      const all = await get('moduleName=factories&actionType=create&pageSize=100');
      const total = all.pagination.total;
      expect(total).toBe(all.list.length);
      expect(total).toBeGreaterThanOrEqual(5);
      const day = all.list[0].createdAt.slice(0, 10);
      expect(
        (await get(`moduleName=factories&actionType=create&startDate=${day}&endDate=${day}`)).pagination.total,
      ).toBe(total);
      expect((await get(`moduleName=factories&startDate=${dayAfter(day)}`)).pagination.total).toBe(0);
      expect((await get(`moduleName=factories&endDate=${dayBefore(day)}`)).pagination.total).toBe(0);

      // Newest first; page 2 of size 2 is the third and fourth newest.
      const page2 = await get('moduleName=factories&actionType=create&page=2&pageSize=2');
      expect(Object.keys(page2).sort()).toEqual(['list', 'pagination']);
      expect(page2.pagination).toEqual({ page: 2, pageSize: 2, total, totalPages: Math.ceil(total / 2) });
      expect(page2.list.map((l) => l.logId)).toEqual(all.list.slice(2, 4).map((l) => l.logId));
      const ids = all.list.map((l) => l.logId);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const beyond = await get(`moduleName=factories&actionType=create&page=${Math.ceil(total / 2) + 1}&pageSize=2`);
      expect(beyond.list).toEqual([]);
      expect(beyond.pagination.total).toBe(total);
    });

    it('rejects a malformed date filter and requires logs.read', async () => {
      expectFailure(
        await t.http.get('/api/logs?startDate=2024/01/01').set('authorization', `Bearer ${admin.token}`),
        400,
        'VALIDATION_ERROR',
      );
      const sales = await staffLogin(t, 'sales', 'sales123');
      expectFailure(await t.http.get('/api/logs').set('authorization', `Bearer ${sales.token}`), 403, 'FORBIDDEN');
      expectFailure(await t.http.get('/api/logs'), 401, 'UNAUTHORIZED');
    });
  });
});

describe('platform: rate limits without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
  });
  afterAll(() => t.close());

  it('reports RateLimit-* on success and answers 429 with Retry-After once the budget is spent, whatever X-Forwarded-For says', async () => {
    const answers: Response[] = [];
    for (let i = 0; i < 11; i += 1) {
      answers.push(
        await t.http
          .post('/api/auth/wx-login')
          .set('x-forwarded-for', `198.51.100.${i + 1}`)
          .send({ code: 'mock:x' }),
      );
    }
    answers.slice(0, 10).forEach((res, i) => {
      expectSuccess(res);
      expect(res.headers['ratelimit-limit']).toBe('10');
      expect(res.headers['ratelimit-remaining']).toBe(String(9 - i));
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
    });
    const limited = answers[10];
    const body = expectFailure(limited, 429, 'RATE_LIMITED');
    expect(body.message).toBe('请求过于频繁，请稍后再试');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(body.error.details).toEqual({ retryAfter });
    expect(limited.headers['ratelimit-limit']).toBe('10');
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(Number(limited.headers['ratelimit-reset'])).toBeGreaterThan(0);
  });

  it('logs the socket address, not X-Forwarded-For', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('x-forwarded-for', '203.0.113.7')
      .set('x-request-id', 'xff-untrusted-1')
      .send({ username: 'admin', password: 'admin123' });
    const { token } = expectSuccess<LoginResult>(res);
    const [entry] = await logsOfRequest(t, token, 'xff-untrusted-1');
    expect(entry.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});

describe('platform: behind a trusted proxy (TRUST_PROXY, PROXY_MAX_IPS=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true', PROXY_MAX_IPS: '1' });
    await seedDemo(t);
  });
  afterAll(() => t.close());

  it('counts each forwarded client separately', async () => {
    for (let i = 0; i < 11; i += 1) {
      const res = await t.http
        .post('/api/auth/wx-login')
        .set('x-forwarded-for', `192.0.2.${i + 1}`)
        .send({ code: 'mock:x' });
      expectSuccess(res);
    }
  });

  it('keys on the last hop only, so a client cannot prepend addresses to get a fresh budget', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const res = await t.http
        .post('/api/auth/wx-login')
        .set('x-forwarded-for', `10.0.0.${i + 1}, 203.0.113.50`)
        .send({ code: 'mock:x' });
      answers.push(res.status);
    }
    expect(answers).toEqual([...Array<number>(10).fill(200), 429]);
  });

  it('logs the last forwarded hop as the client ip', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('x-forwarded-for', '198.51.100.1, 203.0.113.9')
      .set('x-request-id', 'xff-trusted-1')
      .send({ username: 'admin', password: 'admin123' });
    const { token } = expectSuccess<LoginResult>(res);
    const [entry] = await logsOfRequest(t, token, 'xff-trusted-1');
    expect(entry.ip).toBe('203.0.113.9');
  });
});
