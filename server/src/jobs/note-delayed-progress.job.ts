import type { ProgressService } from '../modules/progress/progress.service';
import type { Job } from './job-runner';

/** A production stage past its planned finish goes on the order timeline once. Every 10 minutes, under the job lock. */
export function noteDelayedProgressJob(progress: ProgressService): Job {
  return {
    name: 'note-delayed-progress',
    intervalMs: 10 * 60_000,
    async run() {
      const noted = await progress.noteDelays();
      return noted > 0 ? `noted ${noted}` : undefined;
    },
  };
}
