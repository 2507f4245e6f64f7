import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import { generateTasksJobs } from '../../jobs/generate-tasks.job';
import type { Job } from '../../jobs/job-runner';
import { markOverdueTasksJob } from '../../jobs/mark-overdue-tasks.job';
import type { Clock } from '../../platform/clock';
import type { UsersRepository } from '../users/users.repository';
import { TaskGenerationService, type TaskGenerationSettings } from './task-generation.service';
import { TaskSourcesRepository } from './task-sources.repository';
import { TaskStatisticsRepository } from './task-statistics.repository';
import { taskRoutes } from './tasks.routes';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

export interface TasksModuleDeps {
  db: Database;
  clock: Clock;
  users: UsersRepository;
  settings: TaskGenerationSettings;
}

export interface TasksModule {
  tasks: TasksService;
  generation: TaskGenerationService;
  routes: RouteSpec[];
  jobs: Job[];
}

/** To-do tasks (004 §8): the API, and the jobs that generate tasks and mark them overdue. */
export function buildTasksModule(deps: TasksModuleDeps): TasksModule {
  const repository = new TasksRepository(deps.db);
  const tasks = new TasksService({
    db: deps.db,
    clock: deps.clock,
    tasks: repository,
    statistics: new TaskStatisticsRepository(deps.db),
    users: deps.users,
  });
  const generation = new TaskGenerationService(repository, new TaskSourcesRepository(), deps.clock, deps.settings);
  return {
    tasks,
    generation,
    routes: taskRoutes(tasks),
    jobs: [...generateTasksJobs(generation), markOverdueTasksJob(generation)],
  };
}
