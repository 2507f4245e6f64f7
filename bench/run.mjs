// Load benchmark: raw node:http baseline vs. the built server, one scenario at a time.
// Usage (from the repo root, after `npm run build -w server`):
//   node bench/run.mjs [scenario] [--duration 10] [--connections 50] [--warmup 1]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HOST, freePort, httpJson, load, startNode, stopChild, waitForOk } from './lib.mjs';
import { uploadScenario } from './upload-scenario.mjs';
import { erpHangColdScenario, erpHangWarmScenario, erpSearchScenario } from './erp-scenario.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const serverMain = join(root, 'server/dist/main.js');

/** name → { description, setup(ctx) → autocannon request options, targets }. */
const scenarios = {
  profile: {
    description: 'GET /api/auth/profile with a staff bearer token (auth + DB read + envelope)',
    setup: async (ctx) => ({ path: '/api/auth/profile', headers: { authorization: `Bearer ${ctx.token}` } }),
    targets: { minRatio: 0.25, maxP99Ms: 10 },
  },
  customers: {
    description:
      'GET /api/customers?page=1&pageSize=20&keyword=… on MySQL/MariaDB with BENCH_CUSTOMERS customers (default 100,000)',
    setup: async (ctx) => {
      if (!process.env.DATABASE_URL?.startsWith('mysql')) fail('the customers scenario needs DATABASE_URL=mysql://…');
      const count = process.env.BENCH_CUSTOMERS ?? '100000';
      console.log(`  generating customers up to ${count} …`);
      const gen = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(benchDir, 'customers-data.mts'), 'generate', count],
        {
          cwd: root,
          env: process.env,
          stdio: 'inherit',
        },
      );
      if (gen.status !== 0) throw new Error('customer data generation failed');
      const headers = { authorization: `Bearer ${ctx.token}` };
      const sample = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(benchDir, 'customers-data.mts'), 'keywords'],
        {
          cwd: root,
          env: process.env,
          encoding: 'utf8',
        },
      );
      if (sample.status !== 0) throw new Error(`keyword sampling failed: ${sample.stderr}`);
      // Keywords that find one customer, as people type them: a distinctive word of its name with the city, or its phone.
      const keywords = process.env.BENCH_KEYWORDS?.split(',') ?? JSON.parse(sample.stdout.trim().split('\n').pop());
      console.log(`  keywords: ${keywords.join(', ')}`);
      const requests = keywords.map((k) => ({
        method: 'GET',
        path: `/api/customers?page=1&pageSize=20&keyword=${encodeURIComponent(k)}`,
        headers,
      }));
      return { path: requests[0].path, headers, requests };
    },
    targets: { minRatio: 0, maxP99Ms: 100 },
  },
  orders: {
    description:
      'GET /api/orders?page=1&pageSize=20&status=… on MySQL/MariaDB with BENCH_ORDERS orders (default 1,000,000), statuses rotating',
    setup: async (ctx) => {
      generateOrders();
      const headers = { authorization: `Bearer ${ctx.token}` };
      const statuses = (process.env.BENCH_STATUSES ?? 'PENDING_PRODUCTION,PENDING_PO,SHIPPED,COMPLETED,HALTED').split(
        ',',
      );
      const requests = statuses.map((s) => ({
        method: 'GET',
        path: `/api/orders?page=1&pageSize=20&status=${s}`,
        headers,
      }));
      return { path: requests[0].path, headers, requests };
    },
    targets: { minRatio: 0, maxP99Ms: 100 },
  },
  'order-detail': {
    description: 'GET /api/orders/:id (two lines each) on MySQL/MariaDB with BENCH_ORDERS orders, 200 ids rotating',
    setup: async (ctx) => {
      generateOrders();
      const sample = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, 'orders-data.mts'), 'ids'], {
        cwd: root,
        env: process.env,
        encoding: 'utf8',
      });
      if (sample.status !== 0) throw new Error(`id sampling failed: ${sample.stderr}`);
      const headers = { authorization: `Bearer ${ctx.token}` };
      const ids = JSON.parse(sample.stdout.trim().split('\n').pop());
      const requests = ids.map((id) => ({ method: 'GET', path: `/api/orders/${id}`, headers }));
      return { path: requests[0].path, headers, requests };
    },
    targets: { minRatio: 0.05, maxP99Ms: 100 },
  },
  progress: {
    description: 'GET /api/orders/:orderId/progress (20 posts, three photos each) on MySQL/MariaDB, as admin',
    setup: async (ctx) => {
      const orderId = seedProgress();
      return { path: `/api/orders/${orderId}/progress`, headers: { authorization: `Bearer ${ctx.token}` } };
    },
    targets: { minRatio: 0.05, maxP99Ms: 100 },
  },
  dashboard: {
    description:
      'GET /api/dashboard on MySQL/MariaDB with BENCH_CUSTOMERS customers (default 100,000) and BENCH_CONTRACTS contracts ' +
      '(default 20,000) with stages, payments, invoices, quotations and follow-ups over 540 days; BENCH_DASHBOARD=month ' +
      '(default: a new month-sized range per request, so the range cache never answers), year (365-day ranges) or warm ' +
      '(the default range, cached); BENCH_DASHBOARD_USER=admin (default) or sales',
    setup: async (ctx) => {
      if (!process.env.DATABASE_URL?.startsWith('mysql')) fail('the dashboard scenario needs DATABASE_URL=mysql://…');
      const customers = process.env.BENCH_CUSTOMERS ?? '100000';
      const contracts = process.env.BENCH_CONTRACTS ?? '20000';
      console.log(`  generating dashboard data up to ${customers} customers, ${contracts} contracts …`);
      const gen = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(benchDir, 'dashboard-data.mts'), 'generate', customers, contracts],
        { cwd: root, env: process.env, stdio: 'inherit' },
      );
      if (gen.status !== 0) throw new Error('dashboard data generation failed');
      let token = ctx.token;
      if (process.env.BENCH_DASHBOARD_USER === 'sales') {
        const login = await ctx.http('POST', '/api/auth/login', { body: { username: 'sales', password: 'sales123' } });
        token = login.body?.data?.token;
        if (!token) throw new Error(`sales login failed: ${JSON.stringify(login.body)}`);
      }
      const headers = { authorization: `Bearer ${token}` };
      if (process.env.BENCH_DASHBOARD === 'warm') return { path: '/api/dashboard', headers };
      // Request i covers a range ending i mod 500 days ago, 28-31 days long (month) or 365 days (year): 2,000 or 500
      // distinct ranges, more than a 10 s run asks for.
      const year = process.env.BENCH_DASHBOARD === 'year';
      const day = (ms) => new Date(ms).toISOString().slice(0, 10);
      const today = Date.parse(`${day(Date.now())}T00:00:00Z`);
      let i = 0;
      const next = () => {
        const end = today - (i % 500) * 86_400_000;
        const start = end - (year ? 364 : 27 + (Math.floor(i / 500) % 4)) * 86_400_000;
        i += 1;
        return `/api/dashboard?startDate=${day(start)}&endDate=${day(end)}`;
      };
      const requests = [{ method: 'GET', path: next(), headers, setupRequest: (req) => ({ ...req, path: next() }) }];
      return { path: requests[0].path, headers, requests };
    },
    targets: { minRatio: 0, maxP99Ms: 100 },
  },
  upload: uploadScenario,
  'erp-search': erpSearchScenario,
  'erp-hang-warm': erpHangWarmScenario,
  'erp-hang-cold': erpHangColdScenario,
};

/** Seeds one order with BENCH_PROGRESS_POSTS progress posts (default 20) and answers its id. */
function seedProgress() {
  if (!process.env.DATABASE_URL?.startsWith('mysql')) fail('the progress scenario needs DATABASE_URL=mysql://…');
  const seeded = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(benchDir, 'progress-data.mts'), 'seed', process.env.BENCH_PROGRESS_POSTS ?? '20'],
    { cwd: root, env: process.env, encoding: 'utf8' },
  );
  if (seeded.status !== 0) throw new Error(`progress seeding failed: ${seeded.stderr}`);
  return JSON.parse(seeded.stdout.trim().split('\n').pop()).orderId;
}

/** Tops the orders of DATABASE_URL up to BENCH_ORDERS (the server has migrated the database by now). */
function generateOrders() {
  if (!process.env.DATABASE_URL?.startsWith('mysql')) fail('the orders scenarios need DATABASE_URL=mysql://…');
  const count = process.env.BENCH_ORDERS ?? '1000000';
  console.log(`  generating orders up to ${count} …`);
  const gen = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, 'orders-data.mts'), 'generate', count], {
    cwd: root,
    env: process.env,
    stdio: 'inherit',
  });
  if (gen.status !== 0) throw new Error('order data generation failed');
}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '1' },
  },
});
const name = positionals[0] ?? 'profile';
const scenario = scenarios[name];
const duration = Number(opts.duration);
const connections = Number(opts.connections);
const warmup = Number(opts.warmup);
if (!scenario) fail(`unknown scenario "${name}"; known: ${Object.keys(scenarios).join(', ')}`);
if (!(duration > 0) || !(connections >= 1) || !(warmup >= 0)) fail('--duration/--connections/--warmup must be numbers');
if (!existsSync(serverMain)) fail(`${serverMain} not found: run \`npm run build -w server\` first`);

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** Optional untimed warm-up (JIT, pools), then the measured run. */
async function measure(label, port, request) {
  if (warmup > 0) await load({ port, connections, duration: warmup, ...request });
  console.log(`  ${label}: ${connections} connections × ${duration} s …`);
  return load({ port, connections, duration, ...request });
}

async function runBaseline() {
  const port = await freePort();
  const child = startNode(join(benchDir, 'baseline-server.mjs'), { PORT: String(port), HOST }, root);
  try {
    await waitForOk(child, port, '/', 10_000);
    return await measure('baseline (raw node:http)', port, { path: '/' });
  } finally {
    await stopChild(child);
  }
}

async function runServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-data-'));
  const env = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_DEFAULT_PER_MIN: '100000000',
    JOBS_ENABLED: 'false',
    ...(scenario.env ?? {}),
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  };
  const child = startNode(serverMain, env, root);
  let stopped;
  try {
    await waitForOk(child, port, '/api/health/check', 30_000);
    const login = await httpJson(port, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: 'admin123' },
    });
    const token = login.body?.data?.token;
    if (login.status !== 200 || !token)
      throw new Error(`login failed: HTTP ${login.status} ${JSON.stringify(login.body)}`);
    const request = await scenario.setup({ port, token, pid: child.pid, http: (...a) => httpJson(port, ...a) });
    return { result: await measure(`server (${name})`, port, request), child };
  } catch (err) {
    err.child = child;
    throw err;
  } finally {
    stopped = await stopChild(child);
    child.stopped = stopped;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Lines written to stderr, plus pino log lines (JSON on stdout) at warn level or above. */
function serverComplaints(child) {
  const logged = child.out.split('\n').filter((l) => {
    try {
      return JSON.parse(l).level >= 40;
    } catch {
      return false;
    }
  });
  return [...child.err.split('\n').filter(Boolean), ...logged];
}

const fmt = (n, d = 1) => (typeof n === 'number' ? n.toFixed(d) : String(n));

console.log(`bench "${name}": ${scenario.description}`);
console.log(`node ${process.version}, ${cpus().length} CPUs; autocannon in this process, servers in child processes`);
const baseline = await runBaseline();
let server, child;
try {
  ({ result: server, child } = await runServer());
} catch (err) {
  console.error(`\nserver run failed: ${err.message}`);
  if (err.child)
    console.error(
      `--- server stderr ---\n${err.child.err || '(empty)'}\n--- server stdout (tail) ---\n${err.child.out.slice(-4000)}`,
    );
  process.exit(1);
}

const ratio = server.reqPerSec / baseline.reqPerSec;
const { minRatio, maxP99Ms } = scenario.targets;
const checks = [
  { name: `ratio ≥ ${minRatio}`, pass: ratio >= minRatio, value: fmt(ratio, 3) },
  { name: `p99 ≤ ${maxP99Ms} ms`, pass: server.p99Ms <= maxP99Ms, value: `${fmt(server.p99Ms)} ms` },
  { name: 'non-2xx = 0', pass: server.non2xx === 0, value: String(server.non2xx) },
  {
    name: 'errors/timeouts = 0',
    pass: server.errors + server.timeouts === 0,
    value: `${server.errors}/${server.timeouts}`,
  },
  ...(scenario.extraChecks?.() ?? []),
];
const row = (label, r) => ({
  run: label,
  'req/s (avg)': fmt(r.reqPerSec),
  'p50 ms': fmt(r.p50Ms),
  'p99 ms': fmt(r.p99Ms),
  'non-2xx': r.non2xx,
  'errors/timeouts': `${r.errors}/${r.timeouts}`,
  requests: r.total,
});
console.log();
console.table([row('baseline', baseline), row(name, server)]);
console.log(`ratio server/baseline req/s: ${fmt(ratio, 3)}`);
const figures = scenario.figures?.();
if (figures) console.log('figures:', figures);
for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}  (${c.value})`);
const allPass = checks.every((c) => c.pass);
console.log(allPass ? '\nRESULT: PASS' : '\nRESULT: FAIL (targets not met; exit code stays 0)');

const complaints = serverComplaints(child);
const stoppedHow = `code ${child.stopped?.code}, signal ${child.stopped?.signal}`;
console.log(`\nserver stopped (${stoppedHow}); stderr/warn+ log lines: ${complaints.length}`);
for (const line of complaints.slice(0, 10)) console.log(`  ${line.slice(0, 300)}`);

const resultsDir = join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = join(resultsDir, `${name}-${stamp}.json`);
const report = {
  scenario: name,
  description: scenario.description,
  at: new Date().toISOString(),
  env: { node: process.version, cpus: cpus().length, database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'sqlite' },
  options: { duration, connections, warmup },
  baseline,
  server,
  ratio,
  targets: scenario.targets,
  checks,
  figures,
  pass: allPass,
  serverStop: child.stopped,
  serverComplaints: complaints.slice(0, 50),
};
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log(`results: ${file}`);
