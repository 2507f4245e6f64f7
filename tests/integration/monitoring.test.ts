import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { Factory, Health, Page, Performance } from '@app/shared';
import { ApiCallLogModel } from '@app/server/src/db/models';
import { DatabaseJobLock } from '@app/server/src/jobs/job-lock';
import { JobRunner, type Job } from '@app/server/src/jobs/job-runner';
import { purgeApiCallLogsJob } from '@app/server/src/jobs/purge-api-call-logs.job';
import type { ApiCallEntry } from '@app/server/src/modules/monitoring/api-call-logs.repository';
import { systemClock } from '@app/server/src/platform/clock';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

type EndpointStat = Performance['endpointStats'][number];
type HourStat = Performance['hourlyStats'][number];

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** `YYYY-MM-DD HH:00:00` of a moment, in UTC. */
const hourOf = (d: Date) => `${d.toISOString().slice(0, 13).replace('T', ' ')}:00:00`;

function entry(endpoint: string, statusCode: number, durationMs: number, createdAt: Date): ApiCallEntry {
  return {
    method: 'GET',
    endpoint,
    statusCode,
    durationMs,
    userId: null,
    ip: '127.0.0.1',
    requestId: randomUUID(),
    createdAt,
  };
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

describe('monitoring', () => {
  let t: TestApp;
  let adminToken: string;
  let opsToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    adminToken = await t.login('admin', 'admin123');
    opsToken = await t.login('ops', 'ops123');
  });
  afterAll(() => t.close());

  const performance = async (): Promise<Performance> => {
    await t.container.apiCalls.flush();
    return expectSuccess<Performance>(
      await t.http.get('/api/metrics/performance').set('authorization', `Bearer ${opsToken}`),
      '查询成功',
    );
  };

  describe('health check', () => {
    it('answers 200 healthy with every service healthy, without a token', async () => {
      const health = expectSuccess<Health>(await t.http.get('/api/health/check'), '系统健康');
      expect(health).toEqual({
        status: 'healthy',
        timestamp: expect.any(Number),
        services: { database: 'healthy', erp: 'healthy', wechat: 'healthy' },
      });
      expect(Math.abs(health.timestamp - Date.now())).toBeLessThan(60_000);
    });

    it('answers 503 with success:false and the health data when the database is down', async () => {
      const spy = jest.spyOn(t.container.db, 'ping').mockResolvedValue(false);
      try {
        const res = await t.http.get('/api/health/check');
        const body = expectFailure(res, 503, 'SERVICE_UNAVAILABLE');
        expect(body.data).toMatchObject({
          status: 'unhealthy',
          timestamp: expect.any(Number),
          services: { database: 'unhealthy', wechat: 'healthy' },
        });
      } finally {
        spy.mockRestore();
      }
      expectSuccess<Health>(await t.http.get('/api/health/check'), '系统健康');
    });
  });

  describe('performance metrics', () => {
    it('groups real calls by route pattern and counts errors and the error rate', async () => {
      const list = expectSuccess<Page<Factory>>(
        await t.http.get('/api/factories').set('authorization', `Bearer ${adminToken}`),
      );
      const factoryId = list.list[0].factoryId;
      const before = new Date();
      for (let i = 0; i < 3; i += 1) {
        expectFailure(
          await t.http.get(`/api/factories/${900000 + i}`).set('authorization', `Bearer ${adminToken}`),
          404,
          'FACTORY_NOT_FOUND',
        );
      }
      for (let i = 0; i < 5; i += 1) {
        expectSuccess(await t.http.get(`/api/factories/${factoryId}`).set('authorization', `Bearer ${adminToken}`));
      }
      const after = new Date();

      const perf = await performance();
      const byId = perf.endpointStats.find((s) => s.endpoint === '/api/factories/:id');
      expect(byId).toMatchObject({ totalCalls: 8, errorCalls: 3, errorRate: 37.5 });
      expect(byId?.maxResponseTime).toBeGreaterThanOrEqual(byId?.avgResponseTime ?? Infinity);
      expect(byId?.avgResponseTime).toBeGreaterThanOrEqual(0);
      expect(perf.endpointStats.filter((s) => /\/\d+(\/|$)/.test(s.endpoint))).toEqual([]);
      const listStat = perf.endpointStats.find((s) => s.endpoint === '/api/factories');
      expect(listStat).toMatchObject({ errorCalls: 0, errorRate: 0 });
      expect(listStat?.totalCalls).toBeGreaterThanOrEqual(1);
      // Most called first.
      const totals = perf.endpointStats.map((s) => s.totalCalls);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));

      for (const h of perf.hourlyStats) expect(h.hour).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00:00$/);
      const current = perf.hourlyStats.filter((h) => h.hour === hourOf(before) || h.hour === hourOf(after));
      expect(current.reduce((n, h) => n + h.totalCalls, 0)).toBeGreaterThanOrEqual(8);
      const sum = (stats: (EndpointStat | HourStat)[], f: (s: EndpointStat | HourStat) => number) =>
        stats.reduce((n, s) => n + f(s), 0);
      expect(sum(perf.hourlyStats, (s) => s.totalCalls)).toBe(sum(perf.endpointStats, (s) => s.totalCalls));
      expect(sum(perf.hourlyStats, (s) => s.errorCalls)).toBe(sum(perf.endpointStats, (s) => s.errorCalls));
    });

    it('records unknown routes under one bucket instead of their raw path', async () => {
      expectFailure(await t.http.get('/api/unknown-metrics-probe/12345'), 404, 'ROUTE_NOT_FOUND');
      const perf = await performance();
      expect(perf.endpointStats.some((s) => s.endpoint.includes('unknown-metrics-probe'))).toBe(false);
      expect(perf.endpointStats.find((s) => s.endpoint === '(unmatched)')?.errorCalls).toBeGreaterThanOrEqual(1);
    });

    it('computes average, maximum, errors and rate exactly over the last 24 hours, by UTC hour', async () => {
      const now = Date.now();
      const fiveHoursAgo = new Date(now - 5 * HOUR_MS);
      const endpoint = '/api/synthetic/:id';
      await t.container.repositories.apiCallLogs.insertMany([
        entry(endpoint, 200, 10, fiveHoursAgo),
        entry(endpoint, 404, 20, fiveHoursAgo),
        entry(endpoint, 500, 61, fiveHoursAgo),
        entry(endpoint, 500, 9999, new Date(now - 25 * HOUR_MS)), // outside the window
      ]);
      const perf = await performance();
      expect(perf.endpointStats.find((s) => s.endpoint === endpoint)).toEqual({
        endpoint,
        totalCalls: 3,
        avgResponseTime: 30.33,
        maxResponseTime: 61,
        errorCalls: 2,
        errorRate: 66.67,
      });
      expect(perf.hourlyStats.find((h) => h.hour === hourOf(fiveHoursAgo))).toEqual({
        hour: hourOf(fiveHoursAgo),
        totalCalls: 3,
        avgResponseTime: 30.33,
        maxResponseTime: 61,
        errorCalls: 2,
        errorRate: 66.67,
      });
      expect(perf.hourlyStats.some((h) => h.hour === hourOf(new Date(now - 25 * HOUR_MS)))).toBe(false);
      const hours = perf.hourlyStats.map((h) => h.hour);
      expect(hours).toEqual([...hours].sort());
    });

    it('requires monitor.read (403 for sales) and a token (401)', async () => {
      const sales = await t.login('sales', 'sales123');
      expectFailure(
        await t.http.get('/api/metrics/performance').set('authorization', `Bearer ${sales}`),
        403,
        'FORBIDDEN',
      );
      expectFailure(await t.http.get('/api/metrics/performance'), 401, 'UNAUTHORIZED');
    });

    it('never fails a request when the call log cannot be written', async () => {
      const spy = jest
        .spyOn(t.container.repositories.apiCallLogs, 'insertMany')
        .mockRejectedValue(new Error('api_call_logs is down'));
      try {
        expectSuccess(await t.http.get('/api/health/check'));
        await expect(t.container.apiCalls.flush()).resolves.toBeUndefined();
        expect(spy).toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
      expectSuccess(await t.http.get('/api/health/check'));
      await t.container.apiCalls.flush();
    });
  });

  describe('Prometheus endpoint', () => {
    it('serves text metrics with http_requests_total by route pattern and status, without a token', async () => {
      for (let i = 0; i < 2; i += 1) {
        expectFailure(
          await t.http.get(`/api/users/${800000 + i}`).set('authorization', `Bearer ${adminToken}`),
          404,
          'USER_NOT_FOUND',
        );
      }
      const res = await t.http.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('# TYPE http_requests_total counter');
      expect(res.text).toMatch(/^http_requests_total\{method="GET",route="\/api\/users\/:id",status="404"\} 2$/m);
      expect(res.text).toContain('http_request_duration_seconds_bucket');
      expect(res.text).not.toMatch(/route="\/api\/users\/8000/);
    });
  });

  describe('purge job', () => {
    it('deletes call logs older than the retention window and keeps recent ones', async () => {
      const now = Date.now();
      const old = [entry('/api/purge-probe', 200, 5, new Date(now - 40 * DAY_MS))];
      old.push(entry('/api/purge-probe', 500, 5, new Date(now - 31 * DAY_MS)));
      const recent = [
        entry('/api/purge-probe', 200, 5, new Date(now - DAY_MS)),
        entry('/api/purge-probe', 200, 5, new Date(now - 29 * DAY_MS)),
      ];
      await t.container.repositories.apiCallLogs.insertMany([...old, ...recent]);
      const job = purgeApiCallLogsJob(t.container.repositories.apiCallLogs, systemClock, t.config.apiLogRetentionDays);
      expect(t.config.apiLogRetentionDays).toBe(30);

      expect(await t.container.jobs.runOnce(job)).toBe(true);
      const left = await ApiCallLogModel.findAll({ where: { endpoint: '/api/purge-probe' } });
      expect(left.map((r) => r.requestId).sort()).toEqual(recent.map((r) => r.requestId).sort());
      // The rows the app itself wrote (today) survive.
      expect(await ApiCallLogModel.count({ where: { endpoint: { [Op.ne]: '/api/purge-probe' } } })).toBeGreaterThan(0);

      // The lease covers the interval: a second run right away is skipped.
      await t.container.repositories.apiCallLogs.insertMany([
        entry('/api/purge-probe', 200, 5, new Date(now - 40 * DAY_MS)),
      ]);
      expect(await t.container.jobs.runOnce(job)).toBe(false);
      expect(await ApiCallLogModel.count({ where: { endpoint: '/api/purge-probe' } })).toBe(3);
    });
  });

  describe('job runner lease', () => {
    const slowJob = (name: string, runs: { count: number }, intervalMs = 60_000): Job => ({
      name,
      intervalMs,
      async run() {
        runs.count += 1;
        await sleep(200);
        return 'done';
      },
    });

    it('lets exactly one of two runners sharing the database run a job at once', async () => {
      const runs = { count: 0 };
      const job = slowJob(`concurrent-${randomUUID().slice(0, 8)}`, runs);
      const a = new JobRunner([job], new DatabaseJobLock(t.container.db), t.container.logger);
      const b = new JobRunner([job], new DatabaseJobLock(t.container.db), t.container.logger);
      const results = await Promise.all([a.runOnce(job), b.runOnce(job), a.runOnce(job), b.runOnce(job)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(runs.count).toBe(1);
    });

    it('lets another runner take the job once the lease has expired', async () => {
      let now = Math.ceil(Date.now() / 5_000) * 5_000; // the start of a 5 s slot
      const runs = { count: 0 };
      const job = slowJob(`lease-${randomUUID().slice(0, 8)}`, runs, 5_000); // lease = to the slot's end, 4.5 s
      const clock = () => now;
      const a = new JobRunner([], new DatabaseJobLock(t.container.db, () => new Date(now)), t.container.logger, clock);
      const b = new JobRunner([], new DatabaseJobLock(t.container.db, () => new Date(now)), t.container.logger, clock);
      expect(await a.runOnce(job)).toBe(true);
      expect(await b.runOnce(job)).toBe(false);
      now += 2_000;
      expect(await b.runOnce(job)).toBe(false);
      now += 4_000;
      expect(await b.runOnce(job)).toBe(true);
      expect(await a.runOnce(job)).toBe(false);
      expect(runs.count).toBe(2);
    });

    it('survives a failing job: the run counts as taken and nothing is thrown', async () => {
      const runner = new JobRunner([], new DatabaseJobLock(t.container.db), t.container.logger);
      const failing: Job = {
        name: `failing-${randomUUID().slice(0, 8)}`,
        intervalMs: 60_000,
        run: () => Promise.reject(new Error('boom')),
      };
      await expect(runner.runOnce(failing)).resolves.toBe(true);
    });
  });
});

describe('monitoring: Prometheus endpoint with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
  });
  afterAll(() => t.close());

  it('refuses /metrics without the bearer token or with a wrong one', async () => {
    expectFailure(await t.http.get('/metrics'), 401, 'UNAUTHORIZED');
    expectFailure(await t.http.get('/metrics').set('authorization', 'Bearer wrong-token'), 401, 'UNAUTHORIZED');
    expectFailure(await t.http.get('/metrics').set('authorization', 'metrics-token-0123456789'), 401, 'UNAUTHORIZED');
  });

  it('serves /metrics with the bearer token', async () => {
    expectSuccess<Health>(await t.http.get('/api/health/check'));
    const res = await t.http.get('/metrics').set('authorization', 'Bearer metrics-token-0123456789');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^http_requests_total\{method="GET",route="\/api\/health\/check",status="200"\} 1$/m);
  });
});
