import type { ApiCallEntry, ApiCallLogsRepository } from '@app/server/src/modules/monitoring/api-call-logs.repository';
import { ApiCallRecorder } from '@app/server/src/modules/monitoring/api-call-recorder';
import { captureLogger, type CapturedLogger } from '../fakes/capture-logger';
import { deferred, settle, type Deferred } from '../fakes/deferred';

/** The repository's one write, in memory; `failures` makes the next inserts throw, `gates` hold them. */
class FakeApiCallLogs {
  readonly batches: ApiCallEntry[][] = [];
  readonly attempts: ApiCallEntry[][] = [];
  failures = 0;
  gates: Deferred<void>[] = [];

  async insertMany(entries: ApiCallEntry[]): Promise<void> {
    this.attempts.push([...entries]);
    const gate = this.gates.shift();
    if (gate) await gate.promise;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('database unavailable');
    }
    this.batches.push([...entries]);
  }
}

const entry = (n: number): ApiCallEntry => ({
  method: 'GET',
  endpoint: `/api/things/${n}`,
  statusCode: 200,
  durationMs: n,
  userId: null,
  ip: '127.0.0.1',
  requestId: `req-${n}`,
  createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, n)),
});

describe(ApiCallRecorder.name, () => {
  let repo: FakeApiCallLogs;
  let log: CapturedLogger;
  const recorder = (maxBatch = 100, flushMs = 1000) =>
    // The recorder only calls insertMany; the real repository class has a private db field.
    new ApiCallRecorder(repo as unknown as ApiCallLogsRepository, log.logger, { flushMs, maxBatch });

  beforeEach(() => {
    repo = new FakeApiCallLogs();
    log = captureLogger();
  });

  it('buffers recorded calls without writing', async () => {
    const r = recorder();
    r.record(entry(1));
    r.record(entry(2));
    await settle();
    expect(repo.attempts).toEqual([]);
  });

  it('flush writes the buffer as one batch, in order, and then nothing more', async () => {
    const r = recorder();
    [1, 2, 3].forEach((n) => r.record(entry(n)));
    await r.flush();
    expect(repo.batches).toEqual([[entry(1), entry(2), entry(3)]]);
    await r.flush();
    expect(repo.attempts).toHaveLength(1);
  });

  it('flushes by itself when the buffer reaches maxBatch', async () => {
    const r = recorder(3);
    r.record(entry(1));
    r.record(entry(2));
    await settle();
    expect(repo.attempts).toHaveLength(0);
    r.record(entry(3));
    r.record(entry(4));
    await settle();
    expect(repo.batches).toEqual([[entry(1), entry(2), entry(3)]]);
    await r.flush();
    expect(repo.batches).toEqual([[entry(1), entry(2), entry(3)], [entry(4)]]);
  });

  it('drops a batch that cannot be written with a warning, and later batches still write', async () => {
    const r = recorder();
    repo.failures = 1;
    r.record(entry(1));
    r.record(entry(2));
    await expect(r.flush()).resolves.toBeUndefined();
    expect(repo.batches).toEqual([]);
    expect(log.find('warn', 'api call log batch not written')).toEqual([expect.objectContaining({ dropped: 2 })]);

    r.record(entry(3));
    await r.flush();
    expect(repo.batches).toEqual([[entry(3)]]);
  });

  it('writes one batch at a time, in order, while a write is slow', async () => {
    const r = recorder();
    const gate = deferred<void>();
    repo.gates.push(gate);
    r.record(entry(1));
    const first = r.flush();
    r.record(entry(2));
    const second = r.flush();
    await settle();
    expect(repo.attempts).toEqual([[entry(1)]]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(repo.batches).toEqual([[entry(1)], [entry(2)]]);
  });

  it('a flush with an empty buffer waits for the write in progress', async () => {
    const r = recorder();
    const gate = deferred<void>();
    repo.gates.push(gate);
    r.record(entry(1));
    void r.flush();
    let idle = false;
    const waiting = r.flush().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(repo.batches).toEqual([[entry(1)]]);
  });

  it('stop() flushes what is left', async () => {
    const r = recorder();
    r.start();
    r.record(entry(1));
    await r.stop();
    expect(repo.batches).toEqual([[entry(1)]]);
  });

  describe('with its timer', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('flushes every flushMs after start(), and no more after stop()', async () => {
      const r = recorder(100, 50);
      r.start();
      r.record(entry(1));
      await jest.advanceTimersByTimeAsync(49);
      expect(repo.attempts).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(repo.batches).toEqual([[entry(1)]]);
      await r.stop();
      r.record(entry(2));
      await jest.advanceTimersByTimeAsync(500);
      expect(repo.batches).toEqual([[entry(1)]]);
    });
  });
});
