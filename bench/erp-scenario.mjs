// The `erp-*` scenarios of bench/run.mjs: GET /api/orders/search as a WeChat user bound to the demo customer
// (invite code DEMO-HOTEL), whose orders the setup creates through the API. `erp-search`: the local adapter with a
// warm cache. `erp-hang-warm`: the http adapter with an ERP that answered once and then hangs (every request is a
// cache miss, TTL 0: served stale while the ERP call is under way or after it failed / the circuit opened).
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { HOST } from './lib.mjs';

const ORDERS = 5;

async function ok(label, pending) {
  const res = await pending;
  if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** A category, a product, and ORDERS orders of the demo customer (id 1), created as admin. */
async function seedOrders(ctx) {
  const headers = { authorization: `Bearer ${ctx.token}` };
  const post = (path, body) => ctx.http('POST', path, { headers, body });
  const category = await ok(
    'category',
    post('/api/products/categories', { categoryName: 'ERP压测', categoryCode: 'ERPB' }),
  );
  const product = await ok(
    'product',
    post('/api/products', {
      productCode: 'ERPB-001',
      productName: '压测客控主机',
      categoryId: category.categoryId,
      salePrice: 100,
      status: 'active',
    }),
  );
  const today = new Date().toISOString().slice(0, 10);
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < ORDERS; i += 1) {
    const q = await ok(
      'quotation',
      post('/api/quotations', {
        quotationTitle: `ERP压测报价 ${i + 1}`,
        customerId: 1,
        validFrom: today,
        validUntil: until,
        items: [{ productId: product.productId, quantity: 1 + i, actualPrice: 100 }],
      }),
    );
    for (const step of ['send', 'accept']) await ok(step, post(`/api/quotations/${q.quotationId}/${step}`));
    await ok(
      'order',
      post('/api/orders', {
        quoteId: q.quotationId,
        paymentAmount: '0.01',
        paymentMethod: 'WECHAT',
        paymentTime: new Date().toISOString(),
        paymentProofImg: 'https://oss.example.com/payment-proof.jpg',
      }),
    );
  }
}

/** Logs in `mock:<name>` and binds it to the demo customer; answers its bearer token. */
async function boundCustomer(ctx, name) {
  const login = await ok('wx-login', ctx.http('POST', '/api/auth/wx-login', { body: { code: `mock:${name}` } }));
  const headers = { authorization: `Bearer ${login.token}` };
  await ok('bind-company', ctx.http('POST', '/api/auth/bind-company', { headers, body: { inviteCode: 'DEMO-HOTEL' } }));
  return login.token;
}

/** 003's search for the bound customer, with 003's 30/min limit raised out of the way (one user is the whole load). */
async function searchRequest(ctx) {
  await seedOrders(ctx);
  const token = await boundCustomer(ctx, 'bench-erp');
  const path = '/api/orders/search?keyword=ERPB&page=1&pageSize=20';
  const headers = { authorization: `Bearer ${token}` };
  const warm = await ok('search', ctx.http('GET', path, { headers }));
  if (warm.total < 1) throw new Error(`search found no orders: ${JSON.stringify(warm)}`);
  return { path, headers };
}

export const erpSearchScenario = {
  description: 'GET /api/orders/search?keyword=… as a bound WeChat customer, local ERP adapter, warm cache',
  env: { ERP_RATE_SEARCH_PER_MIN: '100000000' },
  setup: searchRequest,
  targets: { minRatio: 0.3, maxP99Ms: 10 },
};

/** A fake ERP in this process: answers while `state.mode` is 'ok', never answers once it is 'hang'. */
function startHangingErp(port) {
  const state = { mode: 'ok', calls: 0 };
  const server = createServer((req, res) => {
    state.calls += 1;
    if (state.mode === 'hang') return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        success: true,
        data: {
          orders: [
            {
              order_id: 'E1',
              order_no: 'SO-1',
              customer_name: '演示',
              order_date: '2026-01-01T00:00:00Z',
              status: 'producing',
              materials: [],
            },
          ],
          total: 1,
        },
      }),
    );
  });
  server.listen(port, HOST);
  server.unref();
  return state;
}

const ERP_PORT = Number(process.env.BENCH_FAKE_ERP_PORT ?? 39_517);
let hanging = null;

export const erpHangWarmScenario = {
  description: 'GET /api/orders/search, http adapter, warm cache (TTL 0), the fake ERP hanging',
  env: {
    ERP_MODE: 'http',
    ERP_BASE_URL: `http://${HOST}:${ERP_PORT}`,
    ERP_CACHE_TTL_SEARCH_S: '0',
    ERP_RATE_SEARCH_PER_MIN: '100000000',
  },
  setup: async (ctx) => {
    hanging ??= startHangingErp(ERP_PORT);
    hanging.mode = 'ok';
    const token = await boundCustomer(ctx, 'bench-erp-hang');
    const path = '/api/orders/search?keyword=x';
    const headers = { authorization: `Bearer ${token}` };
    await ok('warm search', ctx.http('GET', path, { headers }));
    hanging.mode = 'hang';
    return { path, headers };
  },
  figures: () => ({ erpCalls: hanging?.calls }),
  targets: { minRatio: 0.3, maxP99Ms: 20 },
};

/** Latencies of one wave of concurrent cold searches (distinct keywords: nothing cached, one ERP call each). */
async function coldWave(ctx, headers, wave, count) {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t0 = performance.now();
      const res = await ctx.http('GET', `/api/orders/search?keyword=cold-${wave}-${i}`, { headers, timeoutMs: 15_000 });
      return { status: res.status, ms: performance.now() - t0 };
    }),
  );
  const statuses = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  return {
    wave,
    statuses,
    maxMs: Math.round(Math.max(...answers.map((a) => a.ms))),
    wallMs: Math.round(performance.now() - started),
  };
}

const COLD_TIMEOUT_MS = 3000;
const coldWaves = [];

export const erpHangColdScenario = {
  description:
    'http adapter, cold cache, the fake ERP hanging: two waves of 50 concurrent distinct searches (setup), then load on one',
  env: {
    ERP_MODE: 'http',
    ERP_BASE_URL: `http://${HOST}:${ERP_PORT}`,
    ERP_TIMEOUT_MS: String(COLD_TIMEOUT_MS),
    ERP_RATE_SEARCH_PER_MIN: '100000000',
  },
  setup: async (ctx) => {
    hanging ??= startHangingErp(ERP_PORT);
    hanging.mode = 'hang';
    const token = await boundCustomer(ctx, 'bench-erp-cold');
    const headers = { authorization: `Bearer ${token}` };
    coldWaves.push(await coldWave(ctx, headers, 1, 50), await coldWave(ctx, headers, 2, 50));
    return { path: '/api/orders/search?keyword=cold-load', headers };
  },
  figures: () => ({ erpCalls: hanging?.calls, waves: coldWaves }),
  extraChecks: () =>
    coldWaves.map((w) => ({
      name: `wave ${w.wave}: every answer within timeout + 100 ms, 503 (never 500)`,
      pass: w.maxMs <= COLD_TIMEOUT_MS + 100 && Object.keys(w.statuses).every((s) => s === '503'),
      value: `max ${w.maxMs} ms, ${JSON.stringify(w.statuses)}`,
    })),
  // Every answer is a 503 here (nothing cached, ERP down): non-2xx is expected; the waves are the check.
  targets: { minRatio: 0.1, maxP99Ms: 20 },
};
