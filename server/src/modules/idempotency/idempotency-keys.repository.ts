import { Op, UniqueConstraintError } from 'sequelize';
import type { Database } from '../../db/database';
import { IdempotencyKeyModel } from '../../db/models';

export type Claim =
  | { kind: 'new'; id: number }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** Idempotency-Key records: one row per (user, key), holding the first request's hash and, once done, its answer. */
export class IdempotencyKeysRepository {
  constructor(private readonly db: Database) {}

  /** Claims the key for a new request, or says what the earlier request with that key left. */
  async claim(
    userId: number,
    idemKey: string,
    route: string,
    requestHash: string,
    now: Date,
    ttlMs: number,
  ): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const row = await this.db.write(() =>
          IdempotencyKeyModel.create({
            userId,
            idemKey,
            route,
            requestHash,
            responseStatus: null,
            responseBody: null,
            createdAt: now,
            expiresAt: new Date(now.getTime() + ttlMs),
          }),
        );
        return { kind: 'new', id: Number(row.id) };
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
      }
      const existing = await IdempotencyKeyModel.findOne({ where: { userId, idemKey } });
      if (!existing) continue;
      if (existing.expiresAt <= now) {
        await this.db.write(() => IdempotencyKeyModel.destroy({ where: { id: existing.id } }));
        continue;
      }
      if (existing.route !== route || existing.requestHash !== requestHash) return { kind: 'mismatch' };
      if (existing.responseStatus === null || existing.responseBody === null) return { kind: 'in_progress' };
      return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
    }
    return { kind: 'in_progress' };
  }

  async complete(id: number, status: number, body: string): Promise<void> {
    await this.db.write(() =>
      IdempotencyKeyModel.update({ responseStatus: status, responseBody: body }, { where: { id } }),
    );
  }

  /** The request failed: the key is free again, so a corrected retry with the same key is not a mismatch. */
  async release(id: number): Promise<void> {
    await this.db.write(() => IdempotencyKeyModel.destroy({ where: { id } }));
  }

  async purgeExpired(now: Date): Promise<number> {
    return this.db.write(() => IdempotencyKeyModel.destroy({ where: { expiresAt: { [Op.lte]: now } } }));
  }
}
