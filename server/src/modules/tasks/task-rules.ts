import type { TaskPriority, TaskStatus, TaskType } from '@app/shared';
import { AppError } from '../../http/app-error';

const DAY_MS = 86_400_000;

/** Statuses a task can still be worked on in: assign, complete and defer act on these only. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['pending', 'in_progress', 'overdue'];
/** Statuses the overdue sweep moves to `overdue` once the due instant has passed. */
export const SWEEPABLE: readonly TaskStatus[] = ['pending', 'in_progress'];

/** The UTC calendar day of an instant. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The UTC time of day of an instant, `HH:mm:ss`. */
export const utcTime = (at: Date): string => at.toISOString().slice(11, 19);

/** `day` plus `days` calendar days (UTC). */
export const addDays = (day: string, days: number): string =>
  utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));

/** The first instant of a UTC day. */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

/**
 * The instant a task falls overdue: its due day at its due time, or, without a time, the end of the due day
 * (the first instant of the next day), so a task due "on the 26th" is on time all of the 26th.
 */
export function dueInstant(dueDate: string, dueTime: string | null): Date {
  return dueTime ? new Date(`${dueDate}T${dueTime}.000Z`) : dayStart(addDays(dueDate, 1));
}

/** Past its due instant (the instant itself counts as past). */
export const isPastDue = (dueAt: Date, now: Date): boolean => dueAt.getTime() <= now.getTime();

/** The status a client sees: an open task past due is overdue even before the sweep has marked it. */
export function effectiveStatus(status: TaskStatus, dueAt: Date, now: Date): TaskStatus {
  return SWEEPABLE.includes(status) && isPastDue(dueAt, now) ? 'overdue' : status;
}

/** The days a generating job looks at: from today through `daysBefore` days ahead (UTC, inclusive). */
export function generationWindow(now: Date, daysBefore: number): { from: string; to: string } {
  const today = utcDay(now);
  return { from: today, to: addDays(today, daysBefore) };
}

/** Whole UTC days from `today` to `day` (negative when past). */
export const daysUntil = (day: string, today: string): number =>
  Math.round((Date.parse(`${day}T00:00:00.000Z`) - Date.parse(`${today}T00:00:00.000Z`)) / DAY_MS);

/** A generated task's urgency: due today or tomorrow → high, within 3 days → medium, later → low. */
export function priorityFor(dueDate: string, today: string): TaskPriority {
  const left = daysUntil(dueDate, today);
  if (left <= 1) return 'high';
  if (left <= 3) return 'medium';
  return 'low';
}

/** The identity of a generated task: one per type, source record and due day. */
export const sourceKey = (type: TaskType, sourceId: number, dueDate: string): string =>
  `${type}:${sourceId}:${dueDate}`;

export interface Due {
  dueDate: string;
  dueTime: string | null;
  dueAt: Date;
}

/**
 * 8.5: the new due of a deferred task. Without a new time the old one is kept; the new due must be after both the
 * current due and now (a deferral moves a task later, never into the past).
 */
export function deferredDue(current: Due, newDueDate: string, newDueTime: string | undefined, now: Date): Due {
  const dueTime = newDueTime ?? current.dueTime;
  const dueAt = dueInstant(newDueDate, dueTime);
  if (dueAt.getTime() <= current.dueAt.getTime() || dueAt.getTime() <= now.getTime()) {
    throw new AppError('TASK_DUE_INVALID', '新的截止时间须晚于原截止时间和当前时间', [
      { field: 'newDueDate', message: '新的截止时间须晚于原截止时间和当前时间' },
    ]);
  }
  return { dueDate: newDueDate, dueTime, dueAt };
}

const STATUS_NAMES: Record<TaskStatus, string> = {
  pending: '待处理',
  in_progress: '处理中',
  completed: '已完成',
  cancelled: '已取消',
  overdue: '已逾期',
};

/** Throws TASK_WRONG_STATE unless the task is open. */
export function mustBeOpen(status: TaskStatus, action: string): void {
  if (!OPEN_STATUSES.includes(status)) {
    throw new AppError('TASK_WRONG_STATE', `任务${STATUS_NAMES[status]}，不能${action}`);
  }
}

/** Percentage with one decimal, 0 when there is nothing to divide by. */
export const percent = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10;
