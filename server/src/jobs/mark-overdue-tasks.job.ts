import type { TaskGenerationService } from '../modules/tasks/task-generation.service';
import type { Job } from './job-runner';

/** Open tasks past due become overdue. Every minute, under the job lock; reads show past-due tasks as overdue anyway. */
export function markOverdueTasksJob(generation: TaskGenerationService): Job {
  return {
    name: 'mark-overdue-tasks',
    intervalMs: 60_000,
    async run() {
      const marked = await generation.markOverdue();
      return marked > 0 ? `marked ${marked} tasks overdue` : undefined;
    },
  };
}
