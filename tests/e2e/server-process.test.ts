import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeWechat, type FakeWechat } from '../fakes/fake-wechat';
import { createTestDatabase } from '../helpers/test-db';
import {
  ROOT,
  buildServer,
  postJson,
  startServerProcess,
  waitForExit,
  type ServerProcess,
} from '../helpers/server-process';

const SECRET = 'e2e-secret-0123456789-0123456789-0123456789';
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: SECRET,
  WECHAT_MODE: 'live',
  WECHAT_APP_ID: 'wx-e2e',
  WECHAT_APP_SECRET: 'wx-e2e-secret',
};

jest.setTimeout(60_000);

beforeAll(() => buildServer());

describe('the built server as a process', () => {
  it('starts on an embedded database with demo data and prints the demo accounts', async () => {
    const server = await startServerProcess({ LOG_LEVEL: 'info' });
    try {
      expect(server.output()).toContain('admin / admin123');
      expect(server.output()).toContain('DEMO-HOTEL');
      expect(server.output()).toContain('DEMO-FACTORY');
      const login = await postJson(`${server.url}/api/auth/login`, { username: 'admin', password: 'admin123' });
      expect(login.status).toBe(200);
      const docs = await fetch(`${server.url}/api/docs`);
      expect(docs.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses to start in production without its settings, naming each missing one', async () => {
    const server = await startServerProcess({ NODE_ENV: 'production' }, { waitReady: false });
    const code = await waitForExit(server);
    expect(code).toBe(1);
    for (const setting of ['JWT_SECRET', 'WECHAT_MODE', 'DATABASE_URL']) expect(server.output()).toContain(setting);
    await server.stop();
  });

  it('refuses to start in production while admin still has the demo password', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const seeded = await startServerProcess({ DATABASE_URL: db.url, DEMO_DATA: 'true' });
      await seeded.stop();
      const prod = await startServerProcess({ ...PRODUCTION, DATABASE_URL: db.url }, { waitReady: false });
      expect(await waitForExit(prod)).toBe(1);
      expect(prod.output()).toContain('admin123');
      await prod.stop();
    } finally {
      await db.drop();
    }
  });

  describe('graceful shutdown', () => {
    let wechat: FakeWechat;
    beforeAll(async () => {
      wechat = await startFakeWechat();
    });
    afterAll(() => wechat.close());

    it('finishes the request in flight on SIGTERM, then exits 0 and accepts nothing new', async () => {
      const server = await startServerProcess({
        WECHAT_MODE: 'live',
        WECHAT_APP_ID: 'wx',
        WECHAT_APP_SECRET: 'secret',
        WECHAT_API_BASE: wechat.baseUrl,
        WECHAT_TIMEOUT_MS: '5000',
      });
      // The fake WeChat answers "slow-" codes after 2 s: the login is in flight when SIGTERM arrives.
      const inFlight = postJson(`${server.url}/api/auth/wx-login`, { code: 'slow-shutdown' });
      await new Promise((r) => setTimeout(r, 500));
      server.proc.kill('SIGTERM');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.data?.token).toEqual(expect.any(String));
      expect(await waitForExit(server)).toBe(0);
      await expect(fetch(`${server.url}/api/health/check`)).rejects.toThrow();
    });
  });
});

const mysqlAndRedis = process.env.TEST_REDIS_URL && process.env.TEST_MYSQL_AVAILABLE ? describe : describe.skip;

mysqlAndRedis('two instances on one MariaDB and one Redis', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase('mysql');
    drop = db.drop;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? '',
      REDIS_KEY_PREFIX: `e2e-${Date.now()}:`,
      JWT_SECRET: SECRET,
      DEMO_DATA: 'true',
    };
    // Booting both at once also exercises the migration lock.
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
  });

  const login = async (server: ServerProcess, username: string, password: string) => {
    const res = await postJson(`${server.url}/api/auth/login`, { username, password });
    expect(res.status).toBe(200);
    return String(res.body.data?.token);
  };

  it('both booted on one schema, migrated once and seeded once', async () => {
    const users = await fetch(`${a.url}/api/users?pageSize=100`, {
      headers: { authorization: `Bearer ${await login(a, 'admin', 'admin123')}` },
    });
    const body = (await users.json()) as { data: { pagination: { total: number } } };
    expect(body.data.pagination.total).toBe(9);
  });

  it('disabling a user on one instance revokes its token on the other at once', async () => {
    const admin = await login(a, 'admin', 'admin123');
    const media = await login(b, 'media', 'media123');
    const profile = () => fetch(`${b.url}/api/auth/profile`, { headers: { authorization: `Bearer ${media}` } });
    expect((await profile()).status).toBe(200);
    const list = await fetch(`${a.url}/api/users?keyword=media`, { headers: { authorization: `Bearer ${admin}` } });
    const id = ((await list.json()) as { data: { list: { userId: number }[] } }).data.list[0].userId;
    const off = await fetch(`${a.url}/api/users/${id}/status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ isActive: 0 }),
    });
    expect(off.status).toBe(200);
    // Pub/sub reaches the other instance within moments; well before the cache TTL (60 s).
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i += 1) {
      status = (await profile()).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(401);
  });

  it('drops a cached order detail on the other instance when one instance changes the order', async () => {
    const admin = await login(a, 'admin', 'admin123');
    const step = async (server: ServerProcess, path: string, body: unknown) => {
      const res = await postJson(`${server.url}${path}`, body, admin);
      expect(res).toMatchObject({ status: 200 });
      return res.body.data ?? {};
    };
    const category = await step(a, '/api/products/categories', { categoryName: '缓存测试', categoryCode: 'CACHE_E2E' });
    const product = await step(a, '/api/products', {
      categoryId: category.categoryId,
      productCode: 'CACHE-E2E-1',
      productName: '缓存测试产品',
      salePrice: 10,
      status: 'active',
    });
    const today = new Date().toISOString().slice(0, 10);
    const quotation = await step(a, '/api/quotations', {
      quotationTitle: '缓存测试报价',
      customerId: 1,
      validFrom: today,
      validUntil: today,
      items: [{ productId: product.productId, quantity: 1, actualPrice: 10 }],
    });
    for (const action of ['send', 'accept']) await step(a, `/api/quotations/${quotation.quotationId}/${action}`, {});
    const order = await step(a, '/api/orders', {
      quoteId: quotation.quotationId,
      paymentAmount: 10,
      paymentProofImg: '/files/proof.jpg',
    });
    const detailOnB = async () => {
      const res = await fetch(`${b.url}/api/orders/${order.id}`, { headers: { authorization: `Bearer ${admin}` } });
      return ((await res.json()) as { data: { isLocked: boolean; lockReason: string | null } }).data;
    };
    expect(await detailOnB()).toMatchObject({ isLocked: false });
    expect(await detailOnB()).toMatchObject({ isLocked: false }); // now cached on b
    await step(a, `/api/orders/${order.id}/lock`, { reason: '两实例缓存' });
    // Pub/sub reaches the other instance within moments; well before the cache TTL (60 s).
    let seen = await detailOnB();
    for (let i = 0; i < 20 && !seen.isLocked; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await detailOnB();
    }
    expect(seen).toMatchObject({ isLocked: true, lockReason: '两实例缓存' });
  });

  it('shares rate-limit counters: 10 WeChat logins on one instance, the 11th on the other is refused', async () => {
    for (let i = 0; i < 10; i += 1)
      expect((await postJson(`${a.url}/api/auth/wx-login`, { code: `mock:shared-${i}` })).status).toBe(200);
    const eleventh = await postJson(`${b.url}/api/auth/wx-login`, { code: 'mock:shared-11' });
    expect(eleventh.status).toBe(429);
  });
});

describe('Redis unreachable', () => {
  it('still serves, and still limits (in memory) while Redis is down', async () => {
    const server = await startServerProcess({ REDIS_URL: 'redis://127.0.0.1:1', JWT_SECRET: SECRET });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i += 1)
        statuses.push((await postJson(`${server.url}/api/auth/wx-login`, { code: `mock:offline-${i}` })).status);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses[10]).toBe(429);
    } finally {
      await server.stop();
    }
  });
});

const h5Built = existsSync(join(ROOT, 'miniprogram/dist/h5/index.html'));
if (!h5Built)
  process.stderr.write('\n!!! miniprogram/dist/h5 is not built: SKIPPING the served-H5 check (CI builds it). !!!\n');

(h5Built || process.env.CI ? describe : describe.skip)('the mini-program H5 build', () => {
  it('is served at / by npm start’s server, with its inline script allowed by the CSP', async () => {
    const server = await startServerProcess({});
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="app">');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
    } finally {
      await server.stop();
    }
  });
});
