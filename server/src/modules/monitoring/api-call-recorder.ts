import type { Logger } from '../../platform/logger';
import type { ApiCallEntry, ApiCallLogsRepository } from './api-call-logs.repository';

/**
 * Every API call goes into a buffer on the request path (a push, nothing more) and is written in
 * batches by a timer, or when the buffer fills. A failed batch is dropped with a warning rather than
 * growing memory without bound.
 */
export class ApiCallRecorder {
  private buffer: ApiCallEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: ApiCallLogsRepository,
    private readonly logger: Logger,
    private readonly options: { flushMs: number; maxBatch: number },
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  record(entry: ApiCallEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length >= this.options.maxBatch) void this.flush();
  }

  flush(): Promise<void> {
    const batch = this.buffer;
    if (batch.length === 0) return this.flushing;
    this.buffer = [];
    this.flushing = this.flushing.then(() =>
      this.repo.insertMany(batch).catch((err: unknown) => {
        this.logger.warn({ err, dropped: batch.length }, 'api call log batch not written');
      }),
    );
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
