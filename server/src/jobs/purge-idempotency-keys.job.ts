import type { IdempotencyKeysRepository } from '../modules/idempotency/idempotency-keys.repository';
import type { Clock } from '../platform/clock';
import type { Job } from './job-runner';

/** Idempotency-Key records past their lifetime are deleted hourly. */
export function purgeIdempotencyKeysJob(keys: IdempotencyKeysRepository, clock: Clock): Job {
  return {
    name: 'purge-idempotency-keys',
    intervalMs: 3_600_000,
    async run() {
      const n = await keys.purgeExpired(clock.now());
      return n > 0 ? `deleted ${n}` : undefined;
    },
  };
}
