import { Op, QueryTypes, col, fn, literal } from 'sequelize';
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

const SAFE = /^[\w .:/()@*-]*$/;

export class ApiCallLogsRepository {
  constructor(private readonly db: Database) {}

  /**
   * One multi-row INSERT of escaped literals: no model instances and no bind-parameter rewriting
   * (Sequelize's is quadratic in the number of parameters), so a busy server's call log costs little
   * CPU. Times are written in each dialect's DATETIME text form, as Sequelize writes them.
   */
  async insertMany(entries: ApiCallEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const sqlite = this.db.dialect === 'sqlite';
    // Values are route patterns, methods, IPs and request ids: quoted as they are when they hold only
    // characters that need no escaping, escaped by the driver's rules otherwise.
    const q = (v: string | null) => (v === null ? 'NULL' : SAFE.test(v) ? `'${v}'` : this.db.sequelize.escape(v));
    const int = (n: number | null) => (n !== null && Number.isFinite(n) ? String(Math.trunc(n)) : 'NULL');
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace('T', ' ')
        .replace('Z', sqlite ? ' +00:00' : '');
    const rows = entries.map(
      (e) =>
        `(${q(e.method)},${q(e.endpoint)},${int(e.statusCode)},${int(e.durationMs)},${int(e.userId)},${q(e.ip)},${q(e.requestId)},${q(stamp(e.createdAt))})`,
    );
    const sql = `INSERT INTO api_call_logs (method, endpoint, statusCode, durationMs, userId, ip, requestId, createdAt) VALUES ${rows.join(',')}`;
    await this.db.write(() => this.db.sequelize.query(sql, { type: QueryTypes.INSERT }));
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
