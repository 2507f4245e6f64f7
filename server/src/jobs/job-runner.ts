import type { Logger } from '../platform/logger';
import type { JobLock } from './job-lock';

export interface Job {
  name: string;
  intervalMs: number;
  run(): Promise<string | void>;
}

/**
 * Runs interval jobs. Each run first takes the job's lease, so with N server instances exactly
 * one runs it per interval; the others skip. A failing run is logged and retried next interval.
 */
export class JobRunner {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly jobs: Job[],
    private readonly lock: JobLock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const timer = setInterval(() => void this.runOnce(job), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs the job now if this instance wins the lease; returns whether it ran. */
  async runOnce(job: Job): Promise<boolean> {
    const token = await this.lock.acquire(job.name, Math.max(job.intervalMs - 1000, 1000)).catch((err: unknown) => {
      this.logger.warn({ err, job: job.name }, 'job lock unavailable');
      return null;
    });
    if (!token) return false;
    const run = (async () => {
      const started = Date.now();
      try {
        const summary = await job.run();
        this.logger.info({ job: job.name, ms: Date.now() - started, summary }, 'job ran');
      } catch (err) {
        this.logger.error({ err, job: job.name }, 'job failed');
      }
    })();
    this.running.add(run);
    await run;
    this.running.delete(run);
    return true;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await Promise.all([...this.running]);
  }
}
