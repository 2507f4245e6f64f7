import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { CustomerModel, FactoryModel, InviteCodeModel } from '../../db/models';

export type InviteTarget = 'customer' | 'factory';

export interface InviteCodeRecord {
  id: number;
  code: string;
  targetType: InviteTarget;
  targetId: number;
  isActive: boolean;
  createdAt: Date;
}

function toRecord(r: InviteCodeModel): InviteCodeRecord {
  return {
    id: Number(r.id),
    code: r.code,
    targetType: r.targetType,
    targetId: Number(r.targetId),
    isActive: Boolean(r.isActive),
    createdAt: r.createdAt,
  };
}

export class InviteCodesRepository {
  constructor(private readonly db: Database) {}

  async findByCode(code: string): Promise<InviteCodeRecord | null> {
    const row = await InviteCodeModel.findOne({ where: { code } });
    return row ? toRecord(row) : null;
  }

  async activeFor(targetType: InviteTarget, targetIds: number[]): Promise<Map<number, string>> {
    if (targetIds.length === 0) return new Map();
    const rows = await InviteCodeModel.findAll({ where: { targetType, targetId: targetIds, isActive: true } });
    return new Map(rows.map((r) => [Number(r.targetId), r.code]));
  }

  /**
   * Rotation: the target's previous codes stop working, the new one becomes its only active code.
   * Answers null, writing nothing, when the code is already taken.
   */
  async rotate(
    targetType: InviteTarget,
    targetId: number,
    code: string,
    createdBy: number | null,
    at: Date,
    t: Transaction,
  ): Promise<InviteCodeRecord | null> {
    if (await InviteCodeModel.count({ where: { code }, transaction: t })) return null;
    // Rotations of one target take turns on the target's row (SQLite's writers already take turns).
    const lock = { transaction: t, lock: t.LOCK.UPDATE, attributes: ['id'] };
    if (targetType === 'customer') await CustomerModel.findByPk(targetId, lock);
    else await FactoryModel.findByPk(targetId, lock);
    await InviteCodeModel.update(
      { isActive: false, revokedAt: at },
      { where: { targetType, targetId, isActive: true }, transaction: t },
    );
    const row = await InviteCodeModel.create(
      { code, targetType, targetId, createdBy, createdAt: at, revokedAt: null },
      { transaction: t },
    );
    return toRecord(row);
  }

  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
