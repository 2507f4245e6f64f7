import type { Config } from '@app/config';
import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { FileStorage } from '../../integrations/storage/file-storage';
import type { Job } from '../../jobs/job-runner';
import { purgeOrphanUploadsJob } from '../../jobs/purge-orphan-uploads.job';
import type { Clock } from '../../platform/clock';
import { fileRoutes } from './files.routes';
import { SharpImageProcessor, type ImageProcessor } from './image-processor';
import { sniffFileKind } from './file-sniffer';
import { UploadsRepository } from './uploads.repository';
import { UploadsService } from './uploads.service';

export interface FilesModuleDeps {
  db: Database;
  clock: Clock;
  storage: FileStorage;
  config: Config['uploads'];
  /** Replaces sharp (tests). */
  images?: ImageProcessor;
}

export interface FilesModule {
  /** Also the `UploadAttacher` other modules use when their records reference uploads. */
  uploads: UploadsService;
  routes: RouteSpec[];
  jobs: Job[];
}

/** Uploads (000 §3, 004 appendix B): the service, its two routes and the orphan clean-up. */
export function buildFilesModule(deps: FilesModuleDeps): FilesModule {
  const { config } = deps;
  const uploads = new UploadsService({
    db: deps.db,
    repository: new UploadsRepository(deps.db),
    storage: deps.storage,
    images:
      deps.images ??
      new SharpImageProcessor({
        maxPixels: config.maxPixels,
        maxEdge: config.maxEdge,
        thumbEdge: config.thumbEdge,
        concurrency: config.imageConcurrency,
      }),
    clock: deps.clock,
    limits: config,
    sniff: sniffFileKind,
  });
  return {
    uploads,
    routes: fileRoutes(uploads, config, config.ratePerMin),
    jobs: [purgeOrphanUploadsJob(uploads)],
  };
}
