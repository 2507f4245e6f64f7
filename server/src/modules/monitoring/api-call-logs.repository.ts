import { Op, fn, col, literal } from 'sequelize';
import type { Database } from '../../db/database';
import { ApiCallLogModel } from '../../db/models';

export interface ApiCallEntry {
  method: string;
  endpoint: string;
  statusCode: number;
  durationMs: number;
  userId: number | null;
  ip: string | null;
  requestId: string | null;
  createdAt: Date;
}

export interface CallStatsRow {
  key: string;
  totalCalls: number;
  avgResponseTime: number;
  maxResponseTime: number;
  errorCalls: number;
}

export class ApiCallLogsRepository {
  constructor(private readonly db: Database) {}

  async insertMany(entries: ApiCallEntry[]): Promise<void> {
    if (entries.length) await this.db.write(() => ApiCallLogModel.bulkCreate(entries));
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return this.db.write(() => ApiCallLogModel.destroy({ where: { createdAt: { [Op.lt]: cutoff } } }));
  }

  /** Aggregates since `since`, grouped by endpoint or by UTC hour. */
  async stats(since: Date, by: 'endpoint' | 'hour'): Promise<CallStatsRow[]> {
    const hour =
      this.db.dialect === 'sqlite'
        ? literal(`strftime('%Y-%m-%d %H:00:00', createdAt)`)
        : literal(`DATE_FORMAT(createdAt, '%Y-%m-%d %H:00:00')`);
    const key = by === 'endpoint' ? col('endpoint') : hour;
    const rows = (await ApiCallLogModel.findAll({
      attributes: [
        [key, 'bucket'],
        [fn('COUNT', col('id')), 'totalCalls'],
        [fn('AVG', col('durationMs')), 'avgResponseTime'],
        [fn('MAX', col('durationMs')), 'maxResponseTime'],
        [fn('SUM', literal('CASE WHEN statusCode >= 400 THEN 1 ELSE 0 END')), 'errorCalls'],
      ],
      where: { createdAt: { [Op.gte]: since } },
      group: [by === 'endpoint' ? 'endpoint' : 'bucket'],
      order: [[literal('bucket'), 'ASC']],
      raw: true,
    })) as unknown as Record<string, string | number | null>[];
    return rows.map((r) => ({
      key: String(r.bucket),
      totalCalls: Number(r.totalCalls),
      avgResponseTime: Number(r.avgResponseTime ?? 0),
      maxResponseTime: Number(r.maxResponseTime ?? 0),
      errorCalls: Number(r.errorCalls ?? 0),
    }));
  }
}
