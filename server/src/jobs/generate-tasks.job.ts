import type { TaskGenerationService } from '../modules/tasks/task-generation.service';
import type { Job } from './job-runner';

const TEN_MINUTES = 10 * 60_000;

/**
 * A generating job: creates the tasks that are due soon, then (for the types whose source can be dealt with
 * elsewhere) cancels the open ones whose source no longer needs them. Runs under the job lock; a second run (here or
 * on another instance) creates nothing twice.
 */
function generating(name: string, create: () => Promise<number>, retire?: () => Promise<number>): Job {
  return {
    name,
    intervalMs: TEN_MINUTES,
    async run() {
      const created = await create();
      const cancelled = retire ? await retire() : 0;
      return created + cancelled > 0 ? `created ${created}, cancelled ${cancelled}` : undefined;
    },
  };
}

/**
 * 004 §8's four generated task types, each its own job (and lease), every 10 minutes so a new day's window is seen
 * soon after midnight UTC.
 */
export function generateTasksJobs(g: TaskGenerationService): Job[] {
  return [
    generating('generate-lead-follow-up-tasks', () => g.leadFollowUps()),
    generating(
      'generate-quotation-expiring-tasks',
      () => g.expiringQuotations(),
      () => g.cancelResolved('quotation_expiring'),
    ),
    generating(
      'generate-contract-delivery-tasks',
      () => g.contractDeliveries(),
      () => g.cancelResolved('contract_delivery'),
    ),
    generating(
      'generate-payment-reminder-tasks',
      () => g.paymentReminders(),
      () => g.cancelResolved('payment_reminder'),
    ),
  ];
}
