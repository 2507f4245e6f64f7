import type { Clock } from '../platform/clock';
import type { ApiCallLogsRepository } from '../modules/monitoring/api-call-logs.repository';
import type { Job } from './job-runner';

/** Keeps `api_call_logs` to the retention window (30 days by default). */
export function purgeApiCallLogsJob(repo: ApiCallLogsRepository, clock: Clock, retentionDays: number): Job {
  return {
    name: 'purge-api-call-logs',
    intervalMs: 3600_000,
    async run() {
      const cutoff = new Date(clock.now().getTime() - retentionDays * 24 * 3600_000);
      const removed = await repo.purgeOlderThan(cutoff);
      return `removed ${removed} rows older than ${cutoff.toISOString()}`;
    },
  };
}
