import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Job } from '../../jobs/job-runner';
import { noteDelayedProgressJob } from '../../jobs/note-delayed-progress.job';
import type { Clock } from '../../platform/clock';
import type { DomainEvents } from '../../platform/domain-events';
import type { UploadAttacher } from '../files/upload-attacher';
import type { OrderEventsRepository } from '../orders/order-events.repository';
import type { SharedCacheOptions } from '../../platform/shared-cache';
import type { UsersRepository } from '../users/users.repository';
import { ProgressRepository, type VisibleOrders } from './progress.repository';
import { progressRoutes } from './progress.routes';
import { ProgressService } from './progress.service';

export interface ProgressModuleDeps {
  db: Database;
  clock: Clock;
  events: OrderEventsRepository;
  users: Pick<UsersRepository, 'displayNames'>;
  uploads: UploadAttacher;
  domainEvents: DomainEvents;
  /** The order scope of the lists, from the order detail cache. */
  orders: VisibleOrders;
  /** The posts cache (null: read every time). */
  cache: Omit<SharedCacheOptions, 'name'> | null;
}

export interface ProgressModule {
  repository: ProgressRepository;
  service: ProgressService;
  routes: RouteSpec[];
  jobs: Job[];
}

/** Production progress (000): posts per stage with photos, corrections, the delay check. */
export function buildProgressModule(deps: ProgressModuleDeps): ProgressModule {
  const repository = new ProgressRepository(deps.db, deps.orders, deps.cache);
  const service = new ProgressService({ ...deps, progress: repository });
  return { repository, service, routes: progressRoutes(service), jobs: [noteDelayedProgressJob(service)] };
}
