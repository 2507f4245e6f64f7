import { QueryTypes } from 'sequelize';
import { TASK_STATUSES, TASK_TYPES, type TaskStatisticsQuery } from '@app/shared';
import type { Database } from '../../db/database';
import { addDays } from './task-rules';
import type { TaskScope } from './tasks.repository';

type Param = string | number | Date;

export interface TaskCounts {
  total: number;
  byStatus: Record<(typeof TASK_STATUSES)[number], number>;
  byType: Record<(typeof TASK_TYPES)[number], number>;
  /** Hours from creation to completion, averaged over completed tasks; null when none is completed. */
  avgResponseHours: number | null;
  byAssignee: { assigneeId: number | null; total: number; completed: number; overdue: number; cancelled: number }[];
}

/** 8.7 in two aggregate queries (totals, and per assignee), computed by the database. */
export class TaskStatisticsRepository {
  constructor(private readonly db: Database) {}

  private hoursToComplete(): string {
    return this.db.dialect === 'sqlite'
      ? '(julianday(completedAt) - julianday(createdAt)) * 24.0'
      : 'TIMESTAMPDIFF(MICROSECOND, createdAt, completedAt) / 3600000000.0';
  }

  private where(q: TaskStatisticsQuery, scope: TaskScope): { sql: string; params: Param[] } {
    const where: string[] = [];
    const params: Param[] = [];
    if (scope.kind === 'assignee') {
      where.push('assigneeId = ?');
      params.push(scope.userId);
    }
    if (q.assigneeId !== undefined) {
      where.push('assigneeId = ?');
      params.push(q.assigneeId);
    }
    // Dates compare as `YYYY-MM-DD` strings on both dialects; the end day is inclusive.
    if (q.startDate) {
      where.push('dueDate >= ?');
      params.push(q.startDate);
    }
    if (q.endDate) {
      where.push('dueDate < ?');
      params.push(addDays(q.endDate, 1));
    }
    return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  /**
   * Counts by the status a client sees (`effectiveStatus`): an open task past due counts as overdue even before the
   * sweep has marked it.
   */
  async compute(q: TaskStatisticsQuery, scope: TaskScope, now: Date): Promise<TaskCounts> {
    const w = this.where(q, scope);
    const from =
      "(SELECT taskType, assigneeId, createdAt, completedAt, CASE WHEN status IN ('pending', 'in_progress') " +
      `AND dueAt <= ? THEN 'overdue' ELSE status END AS status FROM tasks ${w.sql}) x`;
    const params = [now, ...w.params];
    const count = (column: string, values: readonly string[], prefix: string) =>
      values.map((v) => `SUM(CASE WHEN ${column} = '${v}' THEN 1 ELSE 0 END) AS ${prefix}_${v}`);
    const totals = `SELECT COUNT(*) AS total, ${[
      ...count('status', TASK_STATUSES, 's'),
      ...count('taskType', TASK_TYPES, 't'),
      `AVG(CASE WHEN status = 'completed' THEN ${this.hoursToComplete()} END) AS avgHours`,
    ].join(', ')} FROM ${from}`;
    const perAssignee =
      'SELECT assigneeId, COUNT(*) AS total, ' +
      "SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed, " +
      "SUM(CASE WHEN status = 'overdue' THEN 1 ELSE 0 END) AS overdue, " +
      "SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled " +
      `FROM ${from} GROUP BY assigneeId ORDER BY total DESC, assigneeId ASC`;
    const [rows, groups] = await Promise.all([
      this.db.sequelize.query<Record<string, unknown>>(totals, { replacements: params, type: QueryTypes.SELECT }),
      this.db.sequelize.query<Record<string, unknown>>(perAssignee, {
        replacements: params,
        type: QueryTypes.SELECT,
      }),
    ]);
    const row = rows[0];
    const n = (r: Record<string, unknown>, key: string) => Number(r[key] ?? 0);
    const group = <K extends string>(values: readonly K[], prefix: string) =>
      Object.fromEntries(values.map((v) => [v, n(row, `${prefix}_${v}`)])) as Record<K, number>;
    return {
      total: n(row, 'total'),
      byStatus: group(TASK_STATUSES, 's'),
      byType: group(TASK_TYPES, 't'),
      avgResponseHours:
        row.avgHours === null || row.avgHours === undefined ? null : Math.round(Number(row.avgHours) * 100) / 100,
      byAssignee: groups.map((g) => ({
        assigneeId: g.assigneeId === null || g.assigneeId === undefined ? null : Number(g.assigneeId),
        total: n(g, 'total'),
        completed: n(g, 'completed'),
        overdue: n(g, 'overdue'),
        cancelled: n(g, 'cancelled'),
      })),
    };
  }
}
