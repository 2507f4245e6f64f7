import type { Job } from './job-runner';

/** What the job needs of the uploads service. */
export interface OrphanUploadPurger {
  purgeOrphans(): Promise<number>;
}

/** Uploads no record attached within UPLOAD_ORPHAN_TTL_HOURS are deleted (files, then rows), hourly. */
export function purgeOrphanUploadsJob(uploads: OrphanUploadPurger): Job {
  return {
    name: 'purge-orphan-uploads',
    intervalMs: 3_600_000,
    async run() {
      const n = await uploads.purgeOrphans();
      return n > 0 ? `deleted ${n}` : undefined;
    },
  };
}
