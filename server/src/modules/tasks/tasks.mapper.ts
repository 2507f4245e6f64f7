import type { Task } from '@app/shared';
import { effectiveStatus } from './task-rules';
import type { TaskRecord } from './tasks.repository';

/** 8.2's fields and what the task's handling added (assignment, deferral, result). */
export function toTaskDto(r: TaskRecord, assigneeName: string | null, now: Date): Task {
  return {
    taskId: r.id,
    taskType: r.taskType,
    taskTitle: r.taskTitle,
    taskDescription: r.taskDescription,
    priority: r.priority,
    status: effectiveStatus(r.status, r.dueAt, now),
    sourceType: r.sourceType,
    sourceId: r.sourceId,
    dueDate: r.dueDate,
    dueTime: r.dueTime,
    assigneeId: r.assigneeId,
    assigneeName,
    assignReason: r.assignReason,
    resultNote: r.resultNote,
    completedAt: r.completedAt ? r.completedAt.toISOString() : null,
    completedBy: r.completedBy,
    deferReason: r.deferReason,
    deferCount: r.deferCount,
    originalDueDate: r.originalDueDate,
    generated: r.sourceKey !== null,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
