import { Op, type WhereOptions } from 'sequelize';
import type { OperationLogQuery } from '@app/shared';
import type { Database } from '../../db/database';
import { OperationLogModel } from '../../db/models';

export interface OperationLogRecord {
  id: number;
  userId: number | null;
  username: string | null;
  moduleName: string;
  actionType: string;
  targetType: string | null;
  targetId: string | null;
  method: string;
  path: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: Date;
}

export type NewOperationLog = Omit<OperationLogRecord, 'id'>;

function toRecord(m: OperationLogModel): OperationLogRecord {
  const r = m.get({ plain: true });
  return { ...r, id: Number(r.id), userId: r.userId === null ? null : Number(r.userId) };
}

export class OperationLogsRepository {
  constructor(private readonly db: Database) {}

  async insert(entry: NewOperationLog): Promise<void> {
    await this.db.write(() => OperationLogModel.create(entry));
  }

  async list(q: OperationLogQuery): Promise<{ rows: OperationLogRecord[]; total: number }> {
    const where: WhereOptions[] = [];
    if (q.userId !== undefined) where.push({ userId: q.userId });
    if (q.moduleName) where.push({ moduleName: q.moduleName });
    if (q.actionType) where.push({ actionType: q.actionType });
    if (q.startDate) where.push({ createdAt: { [Op.gte]: new Date(`${q.startDate}T00:00:00.000Z`) } });
    if (q.endDate) {
      const end = new Date(`${q.endDate}T00:00:00.000Z`);
      end.setUTCDate(end.getUTCDate() + 1);
      where.push({ createdAt: { [Op.lt]: end } });
    }
    const { rows, count } = await OperationLogModel.findAndCountAll({
      where: { [Op.and]: where },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }
}
