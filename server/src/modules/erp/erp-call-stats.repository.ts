import type { Database } from '../../db/database';

export interface ErpCallStatsRow {
  endpoint: string;
  totalCalls: number;
  avgResponseTime: number;
  /** Calls the ERP failed (502/503); a 404 is an answer. */
  errorCalls: number;
}

/** Aggregates of the ERP calls in api_call_logs (written by the batched API call recorder). */
export class ErpCallStatsRepository {
  constructor(private readonly db: Database) {}

  async since(method: string, since: Date): Promise<ErpCallStatsRow[]> {
    const rows = await this.db.select(
      'SELECT endpoint, COUNT(*) AS totalCalls, AVG(durationMs) AS avgResponseTime, ' +
        'SUM(CASE WHEN statusCode >= 500 THEN 1 ELSE 0 END) AS errorCalls ' +
        'FROM api_call_logs WHERE createdAt >= ? AND method = ? GROUP BY endpoint ORDER BY endpoint',
      [this.stamp(since), method],
    );
    return rows.map((r) => ({
      endpoint: String(r.endpoint),
      totalCalls: Number(r.totalCalls),
      avgResponseTime: Number(r.avgResponseTime ?? 0),
      errorCalls: Number(r.errorCalls ?? 0),
    }));
  }

  /** The DATETIME text form each dialect stores (as ApiCallLogsRepository writes it). */
  private stamp(d: Date): string {
    const text = d.toISOString().replace('T', ' ');
    return this.db.dialect === 'sqlite' ? text.replace('Z', ' +00:00') : text.replace('Z', '');
  }
}
