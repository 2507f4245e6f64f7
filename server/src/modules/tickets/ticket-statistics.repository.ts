import { QueryTypes } from 'sequelize';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketStatistics,
  type TicketStatisticsQuery,
} from '@app/shared';
import type { Database } from '../../db/database';
import type { DataScope } from '../access/principal';
import { dayStart } from './tickets.repository';

type Param = string | number | Date;

/** The scope as a raw condition on `service_tickets` (the same rule as `ticketScope`). */
function scopeSql(scope: DataScope): { sql: string; params: Param[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'owner':
      return { sql: 'customerId IN (SELECT c.id FROM customers c WHERE c.ownerId = ?)', params: [scope.userId] };
    case 'company':
      return { sql: 'customerId = ?', params: [scope.customerId] };
    default:
      return { sql: '1 = 0', params: [] };
  }
}

const round2 = (v: unknown): number | null => {
  if (v === null || v === undefined) return null;
  return Math.round(Number(v) * 100) / 100;
};

/** 12.10 in one aggregate query: counts by status, type and priority, and the averages, all computed by the database. */
export class TicketStatisticsRepository {
  constructor(private readonly db: Database) {}

  /** Hours from report to `column`, per row (NULL when the column is NULL, so AVG skips it). */
  private hoursSince(column: string): string {
    return this.db.dialect === 'sqlite'
      ? `(julianday(${column}) - julianday(reportedAt)) * 24.0`
      : `TIMESTAMPDIFF(MICROSECOND, reportedAt, ${column}) / 3600000000.0`;
  }

  async compute(q: TicketStatisticsQuery, scope: DataScope): Promise<TicketStatistics> {
    const where = ['deletedAt IS NULL'];
    const params: Param[] = [];
    const s = scopeSql(scope);
    where.push(s.sql);
    params.push(...s.params);
    if (q.customerId !== undefined) {
      where.push('customerId = ?');
      params.push(q.customerId);
    }
    if (q.startDate) {
      where.push('reportedAt >= ?');
      params.push(dayStart(q.startDate));
    }
    if (q.endDate) {
      where.push('reportedAt < ?');
      params.push(dayStart(q.endDate, true));
    }
    const count = (column: string, values: readonly string[], prefix: string) =>
      values.map((v) => `SUM(CASE WHEN ${column} = '${v}' THEN 1 ELSE 0 END) AS ${prefix}_${v}`);
    const sql =
      'SELECT COUNT(*) AS total, ' +
      [
        ...count('status', TICKET_STATUSES, 's'),
        ...count('ticketType', TICKET_TYPES, 't'),
        ...count('priority', TICKET_PRIORITIES, 'p'),
        'SUM(CASE WHEN isUnderWarranty = 1 THEN 1 ELSE 0 END) AS warranty',
        `AVG(${this.hoursSince('firstResponseAt')}) AS avgResponse`,
        `AVG(${this.hoursSince('resolvedAt')}) AS avgResolve`,
        'AVG(customerRating) AS avgRating',
      ].join(', ') +
      ` FROM service_tickets WHERE ${where.join(' AND ')}`;
    const [row] = await this.db.sequelize.query<Record<string, unknown>>(sql, {
      replacements: params,
      type: QueryTypes.SELECT,
    });
    const n = (key: string) => Number(row[key] ?? 0);
    const group = <K extends string>(values: readonly K[], prefix: string) =>
      Object.fromEntries(values.map((v) => [v, n(`${prefix}_${v}`)])) as Record<K, number>;
    const total = n('total');
    return {
      totalTickets: total,
      byStatus: group(TICKET_STATUSES, 's'),
      byType: group(TICKET_TYPES, 't'),
      byPriority: group(TICKET_PRIORITIES, 'p'),
      avgResponseTime: round2(row.avgResponse),
      avgResolveTime: round2(row.avgResolve),
      avgCustomerRating: round2(row.avgRating),
      warrantyTickets: n('warranty'),
      nonWarrantyTickets: total - n('warranty'),
    };
  }
}
