import type { Clock } from '../platform/clock';
import type { QuotationStatusService } from '../modules/quotations/quotation-status.service';
import { utcDay } from '../modules/quotations/quotations.service';
import type { Job } from './job-runner';

/**
 * Marks sent quotations whose last valid day (`validUntil`, a UTC calendar day) is before today as expired,
 * each with an `expired` event. Idempotent; runs every 10 minutes so a day boundary is seen soon after midnight UTC.
 */
export function expireQuotationsJob(status: QuotationStatusService, clock: Clock): Job {
  return {
    name: 'expire-quotations',
    intervalMs: 600_000,
    async run() {
      const today = utcDay(clock.now());
      const expired = await status.expireDue(today);
      return `expired ${expired} quotations valid until before ${today}`;
    },
  };
}
