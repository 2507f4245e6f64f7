import { HttpErpClient } from '@app/server/src/integrations/erp/http-erp.client';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { freshIp } from '../helpers/jiedan-fixtures';
import { as } from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import { wechatUser } from '../helpers/wechat-users';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { startFakeErp, type FakeErp, type FakeErpMode } from '../fakes/fake-erp';

const TIMEOUT_MS = 800;
/**
 * What a busy test machine may add on top of the ERP timeout: CI runs these suites next to others (Chromium, 200
 * concurrent payment calls) on two cores, and 700 ms was once not enough. The bound stays far below what a client
 * without a deadline would take: the slow fake answers after SLOW_MS, the hanging one never.
 */
const MARGIN_MS = 1500;
const SLOW_MS = TIMEOUT_MS * 6;

describe('customer orders through the ERP boundary, http adapter against a fake ERP (003)', () => {
  let t: TestApp;
  let erp: FakeErp;
  let customer: string;
  let admin: string;
  let customerCode: string;

  const timed = async (path: string, token = customer) => {
    const started = Date.now();
    const res = await t.http.get(path).set(as(token));
    return { res, ms: Date.now() - started };
  };

  beforeAll(async () => {
    erp = await startFakeErp();
    const client = new HttpErpClient({
      baseUrl: erp.baseUrl,
      apiKey: 'erp-secret-key',
      timeoutMs: TIMEOUT_MS,
      retries: 1,
      // 1 MB here (5 MB by default): the fake streams 50 MB from this same process, and what the server must read
      // before it cuts is CPU that a busy CI machine may not give within the deadline.
      maxResponseBytes: 1024 * 1024,
      breakerResetMs: 1000,
      // The breaker is tested on its own (unit); here every failure mode must reach the ERP.
      breakerVolumeThreshold: 1_000_000,
      healthCacheMs: 0,
    });
    // TTL 0: every request asks the ERP, and an earlier answer is only there for the stale fallback.
    t = await startTestApp(
      {
        TRUST_PROXY: 'true',
        ERP_CACHE_TTL_SEARCH_S: '0',
        ERP_CACHE_TTL_STATUS_S: '0',
        ERP_CACHE_TTL_MATERIALS_S: '0',
        ERP_CACHE_TTL_PROGRESS_S: '0',
      },
      { erp: client },
    );
    const demo = await seedDemo(t);
    customerCode = demo.customer.customerCode;
    // The ERP knows the demo company by its code; its current 微信邀请码 is DEMO-HOTEL, OLD-HOTEL was rotated out.
    const company = { companyId: customerCode, companyName: 'ERP 酒店', customerId: 'E-77', inviteCode: 'DEMO-HOTEL' };
    erp.companies.set('DEMO-HOTEL', company);
    erp.companies.set('OLD-HOTEL', company);
    erp.companies.set('GHOST-CO', { ...company, companyId: 'NOT-A-CUSTOMER-HERE', inviteCode: 'GHOST-CO' });
    admin = await t.login('admin', 'admin123');
    customer = await wechatUser(t, 'erp-http', 'DEMO-HOTEL');
  }, 60_000);
  afterEach(() => {
    erp.mode = 'ok';
  });
  afterAll(async () => {
    await t.close();
    await erp.close();
  });

  it("passes the ERP's answers through inside the envelope, with the company and the API key", async () => {
    const res = await t.http.get('/api/orders/search?keyword=warm&status=producing').set(as(customer));
    const data = expectSuccess<{ orders: Record<string, unknown>[]; total: number; cacheHit: boolean }>(res);
    expect(data.orders[0]).toMatchObject({ order_id: 'ERP-1', erp_only_field: 'kept', customer_name: 'ERP 客户 1' });
    expect(data).toMatchObject({ total: 1, cacheHit: false });
    const sent = erp.requests.find((r) => r.path.startsWith('/orders/search'));
    expect(sent?.authorization).toBe('Bearer erp-secret-key');
    expect(new URLSearchParams(sent?.path.split('?')[1]).get('customerId')).toBe('1');
    expect(new URLSearchParams(sent?.path.split('?')[1]).get('status')).toBe('producing');

    expect(expectSuccess(await t.http.get('/api/orders/W1/status').set(as(customer)))).toEqual({
      order_id: 'W1',
      status: 'producing',
      erp_stage: 'ASSEMBLY',
    });
    expect(expectSuccess(await t.http.get('/api/orders/W1/materials').set(as(customer)))).toEqual({
      order_id: 'W1',
      materials: [{ material_id: 'M-1', erp_qty: 3 }],
    });
    expect(expectSuccess(await t.http.get('/api/materials/W1/progress').set(as(customer)))).toEqual({
      material_id: 'W1',
      percent: 40,
      steps: ['cut', 'weld'],
    });
    expectFailure(await t.http.get('/api/orders/missing/status').set(as(customer)), 404, 'ORDER_NOT_FOUND');
    expectFailure(await t.http.get('/api/materials/missing/progress').set(as(customer)), 404, 'MATERIAL_NOT_FOUND');
  });

  const modes: [FakeErpMode, number, string][] = [
    ['fail', 503, 'SERVICE_UNAVAILABLE'],
    ['slow', 503, 'SERVICE_UNAVAILABLE'],
    ['hang', 503, 'SERVICE_UNAVAILABLE'],
    ['malformed', 502, 'ERP_ERROR'],
    ['redirect', 502, 'ERP_ERROR'],
    // 50 MB streamed: cut at the 1 MB cap (502), or, on a machine too busy to read 1 MB within the budget, at the
    // deadline (503); either way never a 500 and never beyond the timeout.
    ['huge', 502, 'ERP_ERROR'],
  ];
  it.each(modes)(
    'when the ERP is %s: a cached answer is served stale, none gives %i, never beyond the timeout',
    async (mode, status, code) => {
      // Warm: answered while the ERP is well.
      expectSuccess(await t.http.get('/api/orders/search?keyword=warm').set(as(customer)));
      expectSuccess(await t.http.get('/api/orders/W1/status').set(as(customer)));
      erp.mode = mode;
      erp.slowMs = SLOW_MS;

      const search = await timed('/api/orders/search?keyword=warm');
      const data = expectSuccess<{ stale?: boolean; cacheHit: boolean; orders: { order_id: string }[] }>(search.res);
      expect(data).toMatchObject({ stale: true, cacheHit: true, orders: [{ order_id: 'ERP-1' }] });
      expect(search.res.headers['x-cache']).toBe('STALE');
      expect(search.res.headers.warning).toMatch(/^110 /);
      expect(search.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);

      const stale = await timed('/api/orders/W1/status');
      expect(expectSuccess(stale.res)).toMatchObject({ order_id: 'W1', erp_stage: 'ASSEMBLY' });
      expect(stale.res.headers['x-cache']).toBe('STALE');
      expect(stale.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);

      const cold = await timed(`/api/orders/cold-${mode}/materials`);
      const busy = mode === 'huge' && cold.res.status === 503;
      const body = busy ? expectFailure(cold.res, 503, 'SERVICE_UNAVAILABLE') : expectFailure(cold.res, status, code);
      expect(body.message).toMatch(/ERP/);
      expect(Number(cold.res.headers['retry-after'])).toBeGreaterThan(0);
      expect(cold.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    },
    20_000,
  );

  it('retries a failed GET once, and never a redirect or a malformed answer', async () => {
    erp.mode = 'fail';
    expectFailure(await t.http.get('/api/orders/retry-1/status').set(as(customer)), 503, 'SERVICE_UNAVAILABLE');
    expect(erp.requests.filter((r) => r.path.startsWith('/orders/retry-1/')).length).toBe(2);
    erp.mode = 'redirect';
    expectFailure(await t.http.get('/api/orders/retry-2/status').set(as(customer)), 502, 'ERP_ERROR');
    expect(erp.requests.filter((r) => r.path.startsWith('/orders/retry-2/')).length).toBe(1);
  });

  it('binds a customer through the ERP: the ERP finds the company, its current code must match, and it must be a customer here', async () => {
    const bind = async (name: string, inviteCode: string) => {
      const token = await wechatUser(t, name, null);
      const started = Date.now();
      const res = await t.http
        .post('/api/auth/bind-company')
        .set(as(token))
        .set('x-forwarded-for', freshIp())
        .send({ inviteCode });
      return { res, ms: Date.now() - started };
    };
    const asked = (code: string) => erp.requests.filter((r) => r.path === `/companies/by-invite-code/${code}`);

    const ok = await bind('erp-bind-ok', 'DEMO-HOTEL');
    expect(expectSuccess(ok.res)).toMatchObject({ bindStatus: true, companyInfo: { companyId: customerCode } });
    expect(asked('DEMO-HOTEL').at(-1)?.authorization).toBe('Bearer erp-secret-key');

    expectFailure((await bind('erp-bind-rotated', 'OLD-HOTEL')).res, 400, 'INVITE_CODE_MISMATCH');
    expectFailure((await bind('erp-bind-unknown', 'NO-SUCH-CODE')).res, 400, 'INVITE_CODE_INVALID');
    expectFailure((await bind('erp-bind-ghost', 'GHOST-CO')).res, 404, 'COMPANY_NOT_FOUND');

    // A factory's code is this system's own: the ERP is not asked.
    expectSuccess((await bind('erp-bind-factory', 'DEMO-FACTORY')).res);
    expect(asked('DEMO-FACTORY')).toHaveLength(0);

    erp.mode = 'hang';
    const down = await bind('erp-bind-down', 'DEMO-HOTEL');
    expectFailure(down.res, 503, 'SERVICE_UNAVAILABLE');
    expect(Number(down.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(down.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    erp.mode = 'malformed';
    expectFailure((await bind('erp-bind-bad', 'DEMO-HOTEL')).res, 502, 'ERP_ERROR');
    erp.mode = 'ok';
    // Nothing was half-written: the user that met the hanging ERP binds once it answers.
    const me = await t.http.get('/api/user/profile').set(as(await wechatUser(t, 'erp-bind-down', 'DEMO-HOTEL')));
    expect(expectSuccess<{ erpBinding: { companyId: string } }>(me).erpBinding.companyId).toBe(customerCode);
  });

  it('counts the failed ERP calls in /api/erp/status', async () => {
    await t.container.apiCalls.flush();
    const data = expectSuccess<{ mode: string; circuit: string; stats: { endpoint: string; errorRate: number }[] }>(
      await t.http.get('/api/erp/status').set(as(admin)),
    );
    expect(data).toMatchObject({ mode: 'http', circuit: 'closed' });
    const status = data.stats.find((s) => s.endpoint === '/api/orders/:order_id/status');
    expect(status?.errorRate).toBeGreaterThan(0);
    expect(status?.errorRate).toBeLessThan(100);
  });

  it('probes the ERP for the health check, quickly, healthy or not', async () => {
    const well = expectSuccess<{ services: { erp: string } }>(await t.http.get('/api/health/check'));
    expect(well.services.erp).toBe('healthy');
    erp.mode = 'hang';
    const started = Date.now();
    const down = expectSuccess<{ status: string; services: { erp: string } }>(await t.http.get('/api/health/check'));
    expect(down).toMatchObject({ status: 'degraded', services: { erp: 'unhealthy' } });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });
});
