import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

/**
 * An uploaded file (000 §3, 004 appendix B). It is an orphan until a record attaches it (`attachedAt`);
 * orphans older than `UPLOAD_ORPHAN_TTL_HOURS` are deleted, files first. `deletingAt` marks rows the
 * clean-up has claimed: they can no longer be attached.
 */
export class UploadModel extends Model<InferAttributes<UploadModel>, InferCreationAttributes<UploadModel>> {
  declare id: CreationOptional<number>;
  declare storageKey: string;
  declare thumbnailKey: string | null;
  declare url: string;
  declare thumbnailUrl: string | null;
  declare originalName: string;
  declare contentType: string;
  declare size: number;
  declare width: number | null;
  declare height: number | null;
  declare purpose: string;
  declare uploadedBy: number;
  declare attachedType: string | null;
  declare attachedId: number | null;
  declare attachedBy: number | null;
  declare attachedAt: Date | null;
  declare deletingAt: Date | null;
  declare createdAt: Date;

  static initWith(sequelize: Sequelize): void {
    UploadModel.init(
      {
        id: col.id(),
        storageKey: col.str(160, false),
        thumbnailKey: col.str(160),
        url: col.str(512, false),
        thumbnailUrl: col.str(512),
        originalName: col.str(255, false),
        contentType: col.str(100, false),
        size: { type: DataTypes.INTEGER, allowNull: false },
        width: { type: DataTypes.INTEGER, allowNull: true },
        height: { type: DataTypes.INTEGER, allowNull: true },
        purpose: col.str(16, false),
        uploadedBy: { type: DataTypes.BIGINT, allowNull: false },
        attachedType: col.str(32),
        attachedId: col.ref(),
        attachedBy: col.ref(),
        attachedAt: col.time(),
        deletingAt: col.time(),
        createdAt: col.time(false),
      },
      { sequelize, tableName: 'uploads', timestamps: false },
    );
  }
}
