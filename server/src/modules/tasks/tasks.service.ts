import type {
  Page,
  Task,
  TaskAssign,
  TaskComplete,
  TaskCompleted,
  TaskCreate,
  TaskDefer,
  TaskListQuery,
  TaskOverdueQuery,
  TaskStatistics,
  TaskStatisticsQuery,
} from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Clock } from '../../platform/clock';
import { hasPermission, type Principal } from '../access/principal';
import type { UsersRepository } from '../users/users.repository';
import { OPEN_STATUSES, deferredDue, dueInstant, isPastDue, mustBeOpen, percent } from './task-rules';
import type { TaskStatisticsRepository } from './task-statistics.repository';
import { toTaskDto } from './tasks.mapper';
import type { TaskRecord, TaskScope, TasksRepository } from './tasks.repository';

export interface TasksDeps {
  db: Database;
  clock: Clock;
  tasks: TasksRepository;
  statistics: TaskStatisticsRepository;
  users: Pick<UsersRepository, 'displayNames' | 'findById' | 'accessOf'>;
}

/** Managers hand tasks out; whoever is given one must be able to complete it. */
const MANAGER_PERMISSION = 'tasks.assign';
const HANDLER_PERMISSION = 'tasks.complete';

/** Managers (tasks.assign) see every task; everybody else the tasks assigned to them. */
export function taskScopeFor(p: Principal): TaskScope {
  return hasPermission(p, MANAGER_PERMISSION) ? { kind: 'all' } : { kind: 'assignee', userId: p.userId };
}

/** 004 §8.1-8.7 and creating a task by hand. Every state change is a guarded UPDATE: of two racing requests one wins. */
export class TasksService {
  constructor(private readonly d: TasksDeps) {}

  async create(principal: Principal, input: TaskCreate): Promise<Task> {
    const assigneeId = input.assigneeId ?? principal.userId;
    if (assigneeId !== principal.userId && !hasPermission(principal, MANAGER_PERMISSION)) {
      throw new AppError('FORBIDDEN', '指派任务给他人需要“分配任务”权限');
    }
    if ((input.sourceType === undefined) !== (input.sourceId === undefined)) {
      throw new AppError('TASK_SOURCE_INVALID', undefined, [
        { field: input.sourceType === undefined ? 'sourceType' : 'sourceId', message: '关联对象类型与编号须同时填写' },
      ]);
    }
    await this.assertAssignee(assigneeId);
    const now = this.d.clock.now();
    const dueAt = dueInstant(input.dueDate, input.dueTime ?? null);
    if (isPastDue(dueAt, now)) {
      throw new AppError('TASK_DUE_INVALID', '截止时间须晚于当前时间', [
        { field: 'dueDate', message: '截止时间须晚于当前时间' },
      ]);
    }
    const id = await this.d.db.transaction((t) =>
      this.d.tasks.create(
        {
          taskType: input.taskType,
          taskTitle: input.taskTitle,
          taskDescription: input.taskDescription || null,
          priority: input.priority,
          sourceType: input.sourceType ?? null,
          sourceId: input.sourceId ?? null,
          sourceKey: null,
          dueDate: input.dueDate,
          dueTime: input.dueTime ?? null,
          dueAt,
          assigneeId,
          createdBy: principal.userId,
          createdAt: now,
        },
        t,
      ),
    );
    return this.get(principal, id);
  }

  async list(principal: Principal, query: TaskListQuery): Promise<Page<Task>> {
    const now = this.d.clock.now();
    const { rows, total } = await this.d.tasks.list(query, taskScopeFor(principal), now);
    return toPage(await this.toDtos(rows, now), total, query);
  }

  async overdue(principal: Principal, query: TaskOverdueQuery): Promise<Page<Task>> {
    const now = this.d.clock.now();
    const { rows, total } = await this.d.tasks.overdue(query, taskScopeFor(principal), now);
    return toPage(await this.toDtos(rows, now), total, query);
  }

  async get(principal: Principal, id: number): Promise<Task> {
    const [dto] = await this.toDtos([await this.mustFind(id, taskScopeFor(principal))], this.d.clock.now());
    return dto;
  }

  private async toDtos(rows: readonly TaskRecord[], now: Date): Promise<Task[]> {
    const names = await this.d.users.displayNames(rows.flatMap((r) => (r.assigneeId === null ? [] : [r.assigneeId])));
    return rows.map((r) => toTaskDto(r, r.assigneeId === null ? null : (names.get(r.assigneeId) ?? null), now));
  }

  private async mustFind(id: number, scope: TaskScope, t?: Parameters<TasksRepository['findById']>[2]) {
    const row = await this.d.tasks.findById(id, scope, t);
    if (!row) throw new AppError('TASK_NOT_FOUND');
    return row;
  }

  /** An active staff user who may complete tasks. */
  private async assertAssignee(userId: number): Promise<void> {
    const user = await this.d.users.findById(userId);
    const ok =
      user !== null &&
      user.userType === 'staff' &&
      user.isActive &&
      (await this.d.users.accessOf(userId)).permissions.includes(HANDLER_PERMISSION);
    if (!ok) {
      throw new AppError('TASK_ASSIGNEE_INVALID', `负责人不存在、已停用或没有处理任务的权限：${userId}`, [
        { field: 'assigneeId', message: '负责人不存在、已停用或没有处理任务的权限' },
      ]);
    }
  }

  /** 8.3: an open task to another (or the same) handler; the reason is kept on the task and in the operation log. */
  async assign(principal: Principal, id: number, input: TaskAssign): Promise<Task> {
    await this.mustFind(id, taskScopeFor(principal));
    await this.assertAssignee(input.assigneeId);
    await this.d.db.transaction(async (t) => {
      const r = await this.mustFind(id, taskScopeFor(principal), t);
      mustBeOpen(r.status, '分配');
      const now = this.d.clock.now();
      const won = await this.d.tasks.update(
        r.id,
        {
          assigneeId: input.assigneeId,
          assignedAt: now,
          assignReason: input.assignReason || null,
          updatedBy: principal.userId,
          updatedAt: now,
        },
        { status: OPEN_STATUSES, assigneeId: r.assigneeId },
        t,
      );
      if (!won) throw new AppError('TASK_CHANGED');
    });
    return this.get(principal, id);
  }

  /** 8.4: an open task (overdue ones too) is completed once; a second completion is refused. */
  async complete(principal: Principal, id: number, input: TaskComplete): Promise<TaskCompleted> {
    return this.d.db.transaction(async (t) => {
      const r = await this.mustFind(id, taskScopeFor(principal), t);
      mustBeOpen(r.status, '完成');
      const now = this.d.clock.now();
      const won = await this.d.tasks.update(
        r.id,
        {
          status: 'completed',
          completedAt: now,
          completedBy: principal.userId,
          resultNote: input.resultNote || null,
          updatedBy: principal.userId,
          updatedAt: now,
        },
        { status: OPEN_STATUSES },
        t,
      );
      if (!won) throw new AppError('TASK_CHANGED');
      return { taskId: r.id, status: 'completed' as const, completedAt: now.toISOString() };
    });
  }

  /**
   * 8.5: a later due for an open task. An overdue task becomes pending again; the first due is kept in
   * `originalDueDate`. A generated task keeps its source key, so the job never re-creates the original due.
   */
  async defer(principal: Principal, id: number, input: TaskDefer): Promise<Task> {
    await this.d.db.transaction(async (t) => {
      const r = await this.mustFind(id, taskScopeFor(principal), t);
      mustBeOpen(r.status, '延期');
      const now = this.d.clock.now();
      const due = deferredDue(r, input.newDueDate, input.newDueTime, now);
      const won = await this.d.tasks.update(
        r.id,
        {
          ...due,
          status: r.status === 'overdue' ? 'pending' : r.status,
          originalDueDate: r.originalDueDate ?? r.dueDate,
          deferReason: input.deferReason,
          deferCount: r.deferCount + 1,
          updatedBy: principal.userId,
          updatedAt: now,
        },
        { status: OPEN_STATUSES, dueAt: r.dueAt },
        t,
      );
      if (!won) throw new AppError('TASK_CHANGED');
    });
    return this.get(principal, id);
  }

  /** 8.7: counts by status and type, rates over the tasks not cancelled, and per assignee. */
  async statistics(principal: Principal, query: TaskStatisticsQuery): Promise<TaskStatistics> {
    const c = await this.d.statistics.compute(query, taskScopeFor(principal), this.d.clock.now());
    const live = c.total - c.byStatus.cancelled;
    const names = await this.d.users.displayNames(
      c.byAssignee.flatMap((a) => (a.assigneeId === null ? [] : [a.assigneeId])),
    );
    return {
      totalTasks: c.total,
      pendingTasks: c.byStatus.pending,
      inProgressTasks: c.byStatus.in_progress,
      completedTasks: c.byStatus.completed,
      overdueTasks: c.byStatus.overdue,
      cancelledTasks: c.byStatus.cancelled,
      completionRate: percent(c.byStatus.completed, live),
      overdueRate: percent(c.byStatus.overdue, live),
      avgResponseTime: c.avgResponseHours,
      byType: c.byType,
      byStatus: c.byStatus,
      byAssignee: c.byAssignee.map((a) => ({
        assigneeId: a.assigneeId,
        assigneeName: a.assigneeId === null ? null : (names.get(a.assigneeId) ?? null),
        totalTasks: a.total,
        completedTasks: a.completed,
        overdueTasks: a.overdue,
        completionRate: percent(a.completed, a.total - a.cancelled),
      })),
    };
  }
}
