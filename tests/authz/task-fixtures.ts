import { TaskModel } from '@app/server/src/db/models';
import type { TestApp } from '../helpers/test-app';
import type { Actor } from './actors';
import type { Fixtures, MatrixEntry, Which } from './route-matrix';

/** Per actor a task assigned to that actor ('own') and one assigned to somebody else ('foreign'). */
export interface MatrixTasks {
  byActor: Record<string, Record<Which, number>>;
  /** A user who may be given tasks (the `sales` demo account). */
  handlerId: number;
}

async function task(assigneeId: number | null, title: string): Promise<number> {
  const due = new Date('2099-01-01T10:00:00.000Z');
  const row = await TaskModel.create({
    taskType: 'other',
    taskTitle: title,
    taskDescription: null,
    priority: 'medium',
    status: 'pending',
    sourceType: null,
    sourceId: null,
    sourceKey: null,
    dueDate: '2099-01-01',
    dueTime: '10:00:00',
    dueAt: due,
    assigneeId,
    createdBy: null,
    updatedBy: null,
  });
  return Number(row.id);
}

/** Tasks written through the model: one pair per actor, so one actor's assign or complete never moves another's. */
export async function matrixTasks(t: TestApp, actors: readonly Actor[], otherUserId: number): Promise<MatrixTasks> {
  const idOf = async (token: string) =>
    (await t.http.get('/api/auth/profile').set('authorization', `Bearer ${token}`)).body.data.id as number;
  const byActor: MatrixTasks['byActor'] = {};
  let handlerId = 0;
  for (const actor of actors) {
    const userId = actor.userType === 'staff' && actor.token ? await idOf(actor.token) : null;
    if (actor.name === 'sales' && userId !== null) handlerId = userId;
    byActor[actor.name] = {
      own: await task(userId, `矩阵任务 ${actor.name}`),
      foreign: await task(otherUserId, `矩阵他人任务 ${actor.name}`),
    };
  }
  return { byActor, handlerId };
}

const taskPath =
  (suffix = '') =>
  (f: Fixtures, a: Actor, w: Which) =>
    `/api/tasks/${f.tasks.byActor[a.name][w]}${suffix}`;

/** 004 §8: scope 'task' — own is assigned to the actor; managers (tasks.assign) see every task. */
export const TASK_MATRIX: Record<string, MatrixEntry> = {
  'GET /api/tasks/overdue': { access: 'tasks.read', scope: 'none' },
  'GET /api/tasks/statistics': { access: 'tasks.read', scope: 'none' },
  'GET /api/tasks': { access: 'tasks.read', scope: 'none' },
  'POST /api/tasks': {
    access: 'tasks.complete',
    scope: 'none',
    body: () => ({ taskTitle: '矩阵', dueDate: '2099-01-01' }),
  },
  'GET /api/tasks/:id': { access: 'tasks.read', scope: 'task', path: taskPath() },
  'PUT /api/tasks/:id/assign': {
    access: 'tasks.assign',
    scope: 'task',
    path: taskPath('/assign'),
    body: (f) => ({ assigneeId: f.tasks.handlerId, assignReason: '矩阵' }),
  },
  'PUT /api/tasks/:id/complete': {
    access: 'tasks.complete',
    scope: 'task',
    path: taskPath('/complete'),
    body: () => ({ resultNote: '矩阵' }),
  },
  'PUT /api/tasks/:id/defer': {
    access: 'tasks.complete',
    scope: 'task',
    path: taskPath('/defer'),
    body: () => ({ newDueDate: '2099-02-01', deferReason: '矩阵' }),
  },
};
