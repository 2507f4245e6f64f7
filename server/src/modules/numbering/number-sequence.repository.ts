import { UniqueConstraintError, literal, type Transaction } from 'sequelize';
import { NumberSequenceModel } from '../../db/models';

/** Gap-free counters for human numbers (CUST-2026-001, FAC-0001, …), advanced inside the caller's transaction. */
export class NumberSequenceRepository {
  async next(name: string, t: Transaction): Promise<number> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const [updated] = await NumberSequenceModel.update(
        { value: literal('value + 1') },
        { where: { name }, transaction: t },
      );
      if (updated === 1) {
        const row = await NumberSequenceModel.findByPk(name, { transaction: t, raw: true });
        if (row) return Number(row.value);
      }
      try {
        await NumberSequenceModel.create({ name, value: 1 }, { transaction: t });
        return 1;
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
      }
    }
    throw new Error(`number sequence ${name} could not advance`);
  }
}

export function formatNumber(prefix: string, period: string | null, value: number, width = 3): string {
  const seq = String(value).padStart(width, '0');
  return period ? `${prefix}-${period}-${seq}` : `${prefix}-${seq}`;
}
