import type { ProgressDto } from '@app/shared';
import type { ProgressRecord } from './progress.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Which posts are the newest of their stage (per factory), where lateness shows. */
export function latestOfEachStage(records: readonly ProgressRecord[]): Set<number> {
  const latest = new Map<string, ProgressRecord>();
  for (const r of records) {
    const key = `${r.factoryId}:${r.type}`;
    const seen = latest.get(key);
    if (
      !seen ||
      r.createdAt > seen.createdAt ||
      (r.createdAt.getTime() === seen.createdAt.getTime() && r.id > seen.id)
    ) {
      latest.set(key, r);
    }
  }
  return new Set([...latest.values()].map((r) => r.id));
}

/** A stage is late when its newest post is past the planned finish and not completed. */
export function isDelayed(r: ProgressRecord, isLatest: boolean, now: Date): boolean {
  return isLatest && r.plannedTime !== null && r.plannedTime < now && r.status !== 'completed';
}

/** 000's shape (snake_case), with the plan, lateness, thumbnails and who reported it. */
export function toProgressDto(r: ProgressRecord, delayed: boolean, reporterName: string | null): ProgressDto {
  return {
    id: r.id,
    order_id: r.orderId,
    factory_id: r.factoryId,
    factory_name: r.factoryName,
    type: r.type,
    status: delayed ? 'delayed' : r.status,
    reported_status: r.status,
    is_delayed: delayed,
    description: r.description,
    start_time: iso(r.startTime),
    completed_time: iso(r.completedTime),
    planned_time: iso(r.plannedTime),
    images: r.images.map((i) => i.url),
    thumbnails: r.images.map((i) => i.thumbnailUrl ?? i.url),
    reported_by: r.reportedBy === null ? null : { id: r.reportedBy, name: reporterName },
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}
