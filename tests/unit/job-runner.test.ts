import { randomUUID } from 'node:crypto';
import type { JobLock } from '@app/server/src/jobs/job-lock';
import { JobRunner, type Job } from '@app/server/src/jobs/job-runner';
import { captureLogger } from '../fakes/capture-logger';
import { deferred } from '../fakes/deferred';

/** Leases in memory, with the same contract as the database and Redis locks. */
class MemoryJobLock implements JobLock {
  readonly holders = new Map<string, { token: string; until: number }>();
  readonly requests: Array<{ name: string; ttlMs: number }> = [];

  constructor(private readonly now: () => number = () => Date.now()) {}

  async acquire(name: string, ttlMs: number): Promise<string | null> {
    this.requests.push({ name, ttlMs });
    const holder = this.holders.get(name);
    if (holder && holder.until > this.now()) return null;
    const token = randomUUID();
    this.holders.set(name, { token, until: this.now() + ttlMs });
    return token;
  }

  async release(name: string, token: string): Promise<void> {
    if (this.holders.get(name)?.token === token) this.holders.delete(name);
  }
}

/** A job that counts its runs and can be made to fail. */
function countingJob(name: string, intervalMs = 60_000, fail = false): Job & { runs: number } {
  const job = {
    name,
    intervalMs,
    runs: 0,
    async run() {
      job.runs += 1;
      if (fail) throw new Error(`${name} exploded`);
      return `run ${job.runs}`;
    },
  };
  return job;
}

describe(JobRunner.name, () => {
  let now: number;
  let lock: MemoryJobLock;
  beforeEach(() => {
    now = 1_000_000;
    lock = new MemoryJobLock(() => now);
  });

  it('runs the job when it wins the lease, returns true and logs the summary', async () => {
    const log = captureLogger();
    const job = countingJob('purge');
    const runner = new JobRunner([job], lock, log.logger);
    await expect(runner.runOnce(job)).resolves.toBe(true);
    expect(job.runs).toBe(1);
    expect(log.find('info', 'job ran')).toEqual([expect.objectContaining({ job: 'purge', summary: 'run 1' })]);
  });

  it('leases until just before the end of the current clock-aligned slot, and at least one second', async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 10, 21, 10, 15, 0) }); // 15 minutes into an hourly slot
    try {
      const runner = new JobRunner([], lock, captureLogger().logger);
      await runner.runOnce(countingJob('hourly', 3_600_000));
      await runner.runOnce(countingJob('fast', 1500));
      expect(lock.requests).toEqual([
        { name: 'hourly', ttlMs: 45 * 60_000 - 500 },
        { name: 'fast', ttlMs: 1000 },
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('returns false and does not run while another holder has the lease', async () => {
    await lock.acquire('purge', 60_000);
    const job = countingJob('purge');
    const runner = new JobRunner([job], lock, captureLogger().logger);
    await expect(runner.runOnce(job)).resolves.toBe(false);
    expect(job.runs).toBe(0);
  });

  it('lets exactly one of several instances run a job per lease', async () => {
    const job = countingJob('purge');
    const instances = [1, 2, 3].map(() => new JobRunner([job], lock, captureLogger().logger));
    const ran = await Promise.all(instances.map((r) => r.runOnce(job)));
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(job.runs).toBe(1);

    now += 60_000; // the lease never outlasts the interval slot it was taken in
    await expect(instances[2].runOnce(job)).resolves.toBe(true);
    expect(job.runs).toBe(2);
  });

  it('catches and logs a throwing job, and keeps working', async () => {
    const log = captureLogger();
    const failing = countingJob('flaky', 60_000, true);
    const healthy = countingJob('healthy');
    const runner = new JobRunner([failing, healthy], lock, log.logger);

    await expect(runner.runOnce(failing)).resolves.toBe(true);
    expect(log.find('error', 'job failed')).toEqual([
      expect.objectContaining({ job: 'flaky', err: expect.objectContaining({ message: 'flaky exploded' }) }),
    ]);

    await expect(runner.runOnce(healthy)).resolves.toBe(true);
    expect(healthy.runs).toBe(1);

    now += 60_000;
    await expect(runner.runOnce(failing)).resolves.toBe(true);
    expect(failing.runs).toBe(2);
  });

  it('skips (and logs) a run when the lock itself is unavailable', async () => {
    const log = captureLogger();
    const broken: JobLock = {
      acquire: async () => {
        throw new Error('redis down');
      },
      release: async () => undefined,
    };
    const job = countingJob('purge');
    const runner = new JobRunner([job], broken, log.logger);
    await expect(runner.runOnce(job)).resolves.toBe(false);
    expect(job.runs).toBe(0);
    expect(log.find('warn', 'job lock unavailable')).toHaveLength(1);
  });

  it('stop() waits for a run in progress', async () => {
    const started = deferred<void>();
    const finish = deferred<void>();
    const job: Job = {
      name: 'slow',
      intervalMs: 60_000,
      async run() {
        started.resolve();
        await finish.promise;
      },
    };
    const runner = new JobRunner([job], lock, captureLogger().logger);
    const run = runner.runOnce(job);
    await started.promise;
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    await new Promise((ok) => setImmediate(ok));
    expect(stopped).toBe(false);
    finish.resolve();
    await stopping;
    expect(stopped).toBe(true);
    await expect(run).resolves.toBe(true);
  });

  describe('start()', () => {
    beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
    afterEach(() => jest.useRealTimers());

    it('runs each job every interval until stopped', async () => {
      const realTimeLock = new MemoryJobLock();
      const job = countingJob('purge', 10_000);
      const runner = new JobRunner([job], realTimeLock, captureLogger().logger);
      runner.start();
      await jest.advanceTimersByTimeAsync(9_999);
      expect(job.runs).toBe(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(job.runs).toBe(1);
      await jest.advanceTimersByTimeAsync(20_000);
      expect(job.runs).toBe(3);
      await runner.stop();
      await jest.advanceTimersByTimeAsync(50_000);
      expect(job.runs).toBe(3);
    });

    it('runs an hourly job once shortly after start, then hourly', async () => {
      const job = countingJob('purge', 3_600_000);
      const runner = new JobRunner([job], new MemoryJobLock(), captureLogger().logger);
      runner.start(15_000);
      await jest.advanceTimersByTimeAsync(14_999);
      expect(job.runs).toBe(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(job.runs).toBe(1);
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(job.runs).toBe(2);
      await runner.stop();
    });
  });
});
