import { UniqueConstraintError, fn, col, type Transaction } from 'sequelize';
import type { ContractFileType } from '@app/shared';
import { ContractFileModel } from '../../db/models';

export interface ContractFileWrite {
  contractId: number;
  fileType: ContractFileType;
  fileUrl: string;
  fileName: string;
  fileSize: number | null;
  uploadedBy: number | null;
}

export interface ContractFileRecord extends ContractFileWrite {
  id: number;
  fileVersion: number;
  createdAt: Date;
}

function toRecord(m: ContractFileModel): ContractFileRecord {
  return {
    id: Number(m.id),
    contractId: Number(m.contractId),
    fileType: m.fileType as ContractFileType,
    fileVersion: Number(m.fileVersion),
    fileUrl: m.fileUrl,
    fileName: m.fileName,
    fileSize: m.fileSize === null ? null : Number(m.fileSize),
    uploadedBy: m.uploadedBy === null ? null : Number(m.uploadedBy),
    createdAt: m.createdAt,
  };
}

/** Thrown when another upload took the version number first (the unique key decided). */
export class FileVersionTakenError extends Error {}

/** 7.8-7.10: versioned files of a contract. */
export class ContractFilesRepository {
  /** The next version of a kind: one more than any ever recorded, deleted ones included (numbers are not reused). */
  async nextVersion(contractId: number, fileType: ContractFileType, t: Transaction): Promise<number> {
    const rows = (await ContractFileModel.findAll({
      attributes: [[fn('MAX', col('fileVersion')), 'latest']],
      where: { contractId, fileType },
      paranoid: false,
      raw: true,
      transaction: t,
    })) as unknown as { latest: number | string | null }[];
    return Number(rows[0]?.latest ?? 0) + 1;
  }

  async create(data: ContractFileWrite, fileVersion: number, t: Transaction): Promise<ContractFileRecord> {
    try {
      return toRecord(await ContractFileModel.create({ ...data, fileVersion }, { transaction: t }));
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new FileVersionTakenError('file version taken');
      throw err;
    }
  }

  async listFor(contractId: number): Promise<ContractFileRecord[]> {
    const rows = await ContractFileModel.findAll({
      where: { contractId },
      order: [
        ['fileType', 'ASC'],
        ['fileVersion', 'DESC'],
      ],
    });
    return rows.map(toRecord);
  }

  async find(contractId: number, fileId: number, t?: Transaction): Promise<ContractFileRecord | null> {
    const row = await ContractFileModel.findOne({ where: { id: fileId, contractId }, transaction: t });
    return row ? toRecord(row) : null;
  }

  /** Soft delete, once: of two concurrent deletes one answers false. */
  async remove(id: number, by: number, at: Date, t: Transaction): Promise<boolean> {
    const [count] = await ContractFileModel.update(
      { deletedBy: by, deletedAt: at },
      { where: { id, deletedAt: null }, transaction: t, paranoid: false },
    );
    return count === 1;
  }
}
