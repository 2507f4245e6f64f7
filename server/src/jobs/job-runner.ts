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
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Schedules every job: a first run shortly after start (`firstRunMs`), then one per interval. */
  start(firstRunMs = 15_000): void {
    for (const job of this.jobs) {
      const first = setTimeout(() => void this.runOnce(job), Math.min(firstRunMs, job.intervalMs));
      const timer = setInterval(() => void this.runOnce(job), job.intervalMs);
      first.unref();
      timer.unref();
      this.timers.push(first, timer);
    }
  }

  /**
   * Runs the job now if this instance wins the lease. The lease lasts until the end of the current
   * interval slot (slots are aligned to the clock), so each slot sees at most one run across all
   * instances, whatever their timer phases.
   */
  async runOnce(job: Job): Promise<boolean> {
    const untilSlotEnd = job.intervalMs - (this.now() % job.intervalMs) - 500;
    const token = await this.lock.acquire(job.name, Math.max(untilSlotEnd, 1000)).catch((err: unknown) => {
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
    for (const t of this.timers) clearTimeout(t);
    await Promise.all([...this.running]);
  }
}
