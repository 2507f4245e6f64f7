import { Op, type Transaction } from 'sequelize';
import { UPLOAD_PURPOSES, type UploadPurpose } from '@app/shared';
import type { Database } from '../../db/database';
import { UploadModel } from '../../db/models';

/** An upload row as services see it. */
export interface UploadRecord {
  id: number;
  storageKey: string;
  thumbnailKey: string | null;
  url: string;
  thumbnailUrl: string | null;
  originalName: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  purpose: UploadPurpose;
  uploadedBy: number;
  attachedType: string | null;
  attachedId: number | null;
  attachedAt: Date | null;
  deletingAt: Date | null;
  createdAt: Date;
}

export type UploadWrite = Omit<UploadRecord, 'id' | 'attachedType' | 'attachedId' | 'attachedAt' | 'deletingAt'>;

/** The record an upload belongs to (e.g. `{ type: 'progress', id: 12 }`). */
export interface UploadOwner {
  type: string;
  id: number;
}

const idOrNull = (v: number | string | null) => (v === null ? null : Number(v));
const purposeOf = (v: string): UploadPurpose => UPLOAD_PURPOSES.find((p) => p === v) ?? 'image';

function toUploadRecord(m: UploadModel): UploadRecord {
  return {
    id: Number(m.id),
    storageKey: m.storageKey,
    thumbnailKey: m.thumbnailKey,
    url: m.url,
    thumbnailUrl: m.thumbnailUrl,
    originalName: m.originalName,
    contentType: m.contentType,
    size: Number(m.size),
    width: m.width === null ? null : Number(m.width),
    height: m.height === null ? null : Number(m.height),
    purpose: purposeOf(m.purpose),
    uploadedBy: Number(m.uploadedBy),
    attachedType: m.attachedType,
    attachedId: idOrNull(m.attachedId),
    attachedAt: m.attachedAt,
    deletingAt: m.deletingAt,
    createdAt: m.createdAt,
  };
}

export class UploadsRepository {
  constructor(private readonly db: Database) {}

  async create(w: UploadWrite, t: Transaction): Promise<UploadRecord> {
    const row = await UploadModel.create(
      { ...w, attachedType: null, attachedId: null, attachedBy: null, attachedAt: null, deletingAt: null },
      { transaction: t },
    );
    return toUploadRecord(row);
  }

  /** Rows by storage key; with `lock`, locked for the transaction (FOR UPDATE on MySQL; SQLite has one writer). */
  async findByKeys(keys: readonly string[], t?: Transaction, lock = false): Promise<UploadRecord[]> {
    if (keys.length === 0) return [];
    const rows = await UploadModel.findAll({
      where: { storageKey: { [Op.in]: [...new Set(keys)] } },
      transaction: t,
      ...(lock && t ? { lock: t.LOCK.UPDATE } : {}),
    });
    return rows.map(toUploadRecord);
  }

  async findById(id: number): Promise<UploadRecord | null> {
    const row = await UploadModel.findByPk(id);
    return row ? toUploadRecord(row) : null;
  }

  /**
   * Attaches orphans to `owner`. The UPDATE re-checks that each row is still an orphan not claimed by the
   * clean-up, so it returns fewer rows than asked when another transaction got there first.
   */
  async attach(ids: readonly number[], owner: UploadOwner, by: number, at: Date, t: Transaction): Promise<number> {
    if (ids.length === 0) return 0;
    const [n] = await UploadModel.update(
      { attachedType: owner.type, attachedId: owner.id, attachedBy: by, attachedAt: at },
      { where: { id: { [Op.in]: [...ids] }, attachedAt: null, deletingAt: null }, transaction: t },
    );
    return n;
  }

  /** The owner's uploads become orphans again (the clean-up then removes them). */
  async detach(owner: UploadOwner, t: Transaction): Promise<number> {
    const [n] = await UploadModel.update(
      { attachedType: null, attachedId: null, attachedBy: null, attachedAt: null },
      { where: { attachedType: owner.type, attachedId: owner.id }, transaction: t },
    );
    return n;
  }

  /**
   * Claims up to `limit` orphans created before `cutoff` for deletion (oldest first): sets `deletingAt`,
   * re-checking in the UPDATE that each is still an orphan, so an upload attached meanwhile is kept.
   */
  async claimOrphans(cutoff: Date, now: Date, limit: number): Promise<number> {
    return this.db.transaction(async (t) => {
      const rows = await UploadModel.findAll({
        attributes: ['id'],
        where: { attachedAt: null, createdAt: { [Op.lt]: cutoff }, deletingAt: null },
        order: [['createdAt', 'ASC']],
        limit,
        transaction: t,
      });
      if (rows.length === 0) return 0;
      const [n] = await UploadModel.update(
        { deletingAt: now },
        { where: { id: { [Op.in]: rows.map((r) => r.id) }, attachedAt: null, deletingAt: null }, transaction: t },
      );
      return n;
    });
  }

  /** Rows claimed for deletion (by this run, or by an earlier run that stopped before finishing). */
  async claimed(limit: number): Promise<UploadRecord[]> {
    const rows = await UploadModel.findAll({
      where: { deletingAt: { [Op.ne]: null } },
      order: [['id', 'ASC']],
      limit,
    });
    return rows.map(toUploadRecord);
  }

  async deleteClaimed(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.transaction((t) =>
      UploadModel.destroy({ where: { id: { [Op.in]: [...ids] }, deletingAt: { [Op.ne]: null } }, transaction: t }),
    );
  }
}
