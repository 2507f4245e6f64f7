import type { OperationLog, OperationLogQuery, Page } from '@app/shared';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Principal } from '../access/principal';
import { toPage } from '../../http/paging';
import type { OperationLogRecord, OperationLogsRepository } from './operation-logs.repository';

export interface OperationLogEntry {
  principal: Principal | null;
  /** For writes by a not-yet-authenticated caller (login): who it turned out to be. */
  actor?: { userId: number; username: string | null } | null;
  moduleName: string;
  actionType: string;
  targetType: string | null;
  targetId: string | null;
  method: string;
  path: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function toOperationLogDto(r: OperationLogRecord): OperationLog {
  return {
    logId: r.id,
    userId: r.userId,
    username: r.username,
    moduleName: r.moduleName,
    actionType: r.actionType,
    targetType: r.targetType,
    targetId: r.targetId,
    method: r.method,
    path: r.path,
    ip: r.ip,
    requestId: r.requestId,
    createdAt: r.createdAt.toISOString(),
  };
}

/** 004 §4.8: every successful write is logged with user, module, action, target, IP and time. */
export class OperationLogService {
  constructor(
    private readonly repo: OperationLogsRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(entry: OperationLogEntry): Promise<void> {
    const actor =
      entry.actor ?? (entry.principal ? { userId: entry.principal.userId, username: entry.principal.username } : null);
    try {
      await this.repo.insert({
        userId: actor?.userId ?? null,
        username: actor?.username ?? null,
        moduleName: entry.moduleName,
        actionType: entry.actionType,
        targetType: entry.targetType,
        targetId: entry.targetId,
        method: entry.method,
        path: entry.path.slice(0, 255),
        ip: entry.ip,
        userAgent: entry.userAgent ? entry.userAgent.slice(0, 255) : null,
        requestId: entry.requestId,
        createdAt: this.clock.now(),
      });
    } catch (err) {
      // The write itself succeeded and is committed; losing its log line must not fail the request.
      this.logger.error({ err, requestId: entry.requestId }, 'operation log not written');
    }
  }

  async list(query: OperationLogQuery): Promise<Page<OperationLog>> {
    const { rows, total } = await this.repo.list(query);
    return toPage(rows.map(toOperationLogDto), total, query);
  }
}
