import { Op, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { TaskListQuery, TaskOverdueQuery, TaskPriority, TaskSourceType, TaskStatus, TaskType } from '@app/shared';
import type { Database } from '../../db/database';
import { TaskModel } from '../../db/models';
import { OPEN_STATUSES, SWEEPABLE, utcDay } from './task-rules';

/** Who sees a task: managers (tasks.assign) every one, everybody else the tasks assigned to them. */
export type TaskScope = { kind: 'all' } | { kind: 'assignee'; userId: number };

export interface TaskRecord {
  id: number;
  taskType: TaskType;
  taskTitle: string;
  taskDescription: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  sourceType: TaskSourceType | null;
  sourceId: number | null;
  sourceKey: string | null;
  dueDate: string;
  dueTime: string | null;
  dueAt: Date;
  originalDueDate: string | null;
  assigneeId: number | null;
  assignedAt: Date | null;
  assignReason: string | null;
  deferReason: string | null;
  deferCount: number;
  resultNote: string | null;
  completedAt: Date | null;
  completedBy: number | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TaskWrite {
  taskType: TaskType;
  taskTitle: string;
  taskDescription: string | null;
  priority: TaskPriority;
  sourceType: TaskSourceType | null;
  sourceId: number | null;
  sourceKey: string | null;
  dueDate: string;
  dueTime: string | null;
  dueAt: Date;
  assigneeId: number;
  createdBy: number | null;
  createdAt: Date;
}

export type TaskPatch = Partial<
  Pick<
    TaskRecord,
    | 'status'
    | 'dueDate'
    | 'dueTime'
    | 'dueAt'
    | 'originalDueDate'
    | 'assigneeId'
    | 'assignedAt'
    | 'assignReason'
    | 'deferReason'
    | 'deferCount'
    | 'resultNote'
    | 'completedAt'
    | 'completedBy'
  >
> & { updatedBy: number; updatedAt: Date };

/** The row a conditional update requires: still in one of these statuses (and with this assignee, due). */
export interface TaskGuard {
  status: readonly TaskStatus[];
  assigneeId?: number | null;
  dueAt?: Date;
}

const idOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const day = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 10) : utcDay(new Date(v as Date)));

function toRecord(r: TaskModel): TaskRecord {
  return {
    id: Number(r.id),
    taskType: r.taskType as TaskType,
    taskTitle: r.taskTitle,
    taskDescription: r.taskDescription ?? null,
    priority: r.priority as TaskPriority,
    status: r.status as TaskStatus,
    sourceType: (r.sourceType ?? null) as TaskSourceType | null,
    sourceId: idOrNull(r.sourceId),
    sourceKey: r.sourceKey ?? null,
    dueDate: day(r.dueDate),
    dueTime: r.dueTime ?? null,
    dueAt: new Date(r.dueAt),
    originalDueDate: r.originalDueDate ? day(r.originalDueDate) : null,
    assigneeId: idOrNull(r.assigneeId),
    assignedAt: r.assignedAt ? new Date(r.assignedAt) : null,
    assignReason: r.assignReason ?? null,
    deferReason: r.deferReason ?? null,
    deferCount: Number(r.deferCount ?? 0),
    resultNote: r.resultNote ?? null,
    completedAt: r.completedAt ? new Date(r.completedAt) : null,
    completedBy: idOrNull(r.completedBy),
    createdBy: idOrNull(r.createdBy),
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  };
}

export function scopeWhere(scope: TaskScope): WhereOptions {
  return scope.kind === 'all' ? {} : { assigneeId: scope.userId };
}

/** Open and past due: marked overdue, or not yet marked by the sweep. */
export function overdueWhere(now: Date): WhereOptions {
  return {
    [Op.or]: [{ status: 'overdue' }, { status: { [Op.in]: [...SWEEPABLE] }, dueAt: { [Op.lte]: now } }],
  };
}

/** Tasks (004 §8); the only code touching the `tasks` table's rows. */
export class TasksRepository {
  constructor(private readonly db: Database) {}

  async create(data: TaskWrite, t: Transaction): Promise<number> {
    const row = await TaskModel.create(
      { ...data, status: 'pending', assignedAt: data.createdAt, updatedBy: data.createdBy, updatedAt: data.createdAt },
      { transaction: t },
    );
    return Number(row.id);
  }

  /**
   * Insert-or-ignore by `sourceKey`: rows whose key exists are skipped (the unique index also settles a race).
   * Answers how many keys were new.
   */
  async insertGenerated(rows: readonly TaskWrite[]): Promise<number> {
    const keys = rows.flatMap((r) => (r.sourceKey ? [r.sourceKey] : []));
    if (keys.length === 0) return 0;
    return this.db.write(async () => {
      const existing = await TaskModel.findAll({
        attributes: ['sourceKey'],
        where: { sourceKey: { [Op.in]: keys } },
        raw: true,
      });
      const seen = new Set(existing.map((r) => r.sourceKey));
      const fresh = rows.filter((r) => r.sourceKey && !seen.has(r.sourceKey));
      if (fresh.length === 0) return 0;
      await TaskModel.bulkCreate(
        fresh.map((r) => ({
          ...r,
          status: 'pending',
          assignedAt: r.createdAt,
          updatedBy: r.createdBy,
          updatedAt: r.createdAt,
        })),
        { ignoreDuplicates: true },
      );
      return fresh.length;
    });
  }

  /** A task the scope may see, else null (a foreign one looks missing). */
  async findById(id: number, scope: TaskScope, t?: Transaction): Promise<TaskRecord | null> {
    const row = await TaskModel.findOne({ where: { [Op.and]: [{ id }, scopeWhere(scope)] }, transaction: t });
    return row ? toRecord(row) : null;
  }

  /** The status filter matches the status a client sees (an open task past due is overdue). */
  async list(q: TaskListQuery, scope: TaskScope, now: Date): Promise<{ rows: TaskRecord[]; total: number }> {
    const where: WhereOptions[] = [scopeWhere(scope)];
    if (q.status === 'overdue') where.push(overdueWhere(now));
    else if (q.status && SWEEPABLE.includes(q.status)) where.push({ status: q.status, dueAt: { [Op.gt]: now } });
    else if (q.status) where.push({ status: q.status });
    if (q.priority) where.push({ priority: q.priority });
    if (q.assigneeId !== undefined) where.push({ assigneeId: q.assigneeId });
    if (q.taskType) where.push({ taskType: q.taskType });
    if (q.dueDate) where.push({ dueDate: q.dueDate });
    return this.page(where, q, [
      ['dueAt', 'ASC'],
      ['id', 'ASC'],
    ]);
  }

  /** 8.6: open tasks past due, the longest overdue first. */
  async overdue(q: TaskOverdueQuery, scope: TaskScope, now: Date): Promise<{ rows: TaskRecord[]; total: number }> {
    const where: WhereOptions[] = [scopeWhere(scope), overdueWhere(now)];
    if (q.assigneeId !== undefined) where.push({ assigneeId: q.assigneeId });
    if (q.taskType) where.push({ taskType: q.taskType });
    return this.page(where, q, [
      ['dueAt', 'ASC'],
      ['id', 'ASC'],
    ]);
  }

  private async page(
    where: WhereOptions[],
    q: { page: number; pageSize: number },
    order: [string, 'ASC' | 'DESC'][],
  ): Promise<{ rows: TaskRecord[]; total: number }> {
    const { rows, count } = await TaskModel.findAndCountAll({
      where: { [Op.and]: where },
      order,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }

  /** A conditional update: applies only while the row still matches `guard`; true when it did. */
  async update(id: number, patch: TaskPatch, guard: TaskGuard, t: Transaction): Promise<boolean> {
    const where: WhereOptions[] = [{ id }, { status: { [Op.in]: [...guard.status] } }];
    if (guard.assigneeId !== undefined) where.push({ assigneeId: guard.assigneeId });
    if (guard.dueAt !== undefined) where.push({ dueAt: guard.dueAt });
    const [count] = await TaskModel.update(patch, { where: { [Op.and]: where }, transaction: t });
    return count === 1;
  }

  /**
   * Cancels the open generated tasks of `type` whose source is not in `liveSources` (a sub-select of the source ids
   * that still call for the task), in one UPDATE. Answers how many it cancelled.
   */
  async cancelResolved(type: TaskType, liveSources: string, note: string): Promise<number> {
    return this.db.write(async () => {
      const [count] = await TaskModel.update(
        { status: 'cancelled', resultNote: note },
        {
          where: {
            taskType: type,
            status: { [Op.in]: [...OPEN_STATUSES] },
            sourceKey: { [Op.ne]: null },
            sourceId: { [Op.notIn]: literal(`(${liveSources})`) },
          },
        },
      );
      return count;
    });
  }

  /** The overdue sweep: one UPDATE of every open task past due. Answers how many it marked. */
  async markOverdue(now: Date): Promise<number> {
    return this.db.write(async () => {
      const [count] = await TaskModel.update(
        { status: 'overdue', overdueAt: now },
        { where: { status: { [Op.in]: [...SWEEPABLE] }, dueAt: { [Op.lte]: now } }, silent: true },
      );
      return count;
    });
  }
}
