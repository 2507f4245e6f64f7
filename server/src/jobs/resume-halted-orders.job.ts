import type { OrderControlService } from '../modules/orders/order-control.service';
import type { Job } from './job-runner';

/** 002 §9: a halt ends by itself when its time is up (48 hours by default). Runs every minute, under the job lock. */
export function resumeHaltedOrdersJob(control: OrderControlService): Job {
  return {
    name: 'resume-halted-orders',
    intervalMs: 60_000,
    async run() {
      const resumed = await control.resumeExpired();
      return resumed > 0 ? `resumed ${resumed}` : undefined;
    },
  };
}
