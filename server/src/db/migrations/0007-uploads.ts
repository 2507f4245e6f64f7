import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const int = (allowNull = true) => ({ type: DataTypes.INTEGER, allowNull });

/** Uploaded files (000 §3, 004 appendix B) and what they are attached to. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable(
    'uploads',
    {
      id: idColumn(qi),
      /** `uploads/<yyyy>/<mm>/<32 hex>.<ext>` in FILES_DIR. */
      storageKey: str(160, false),
      thumbnailKey: str(160),
      url: str(512, false),
      thumbnailUrl: str(512),
      /** The client's file name, cleaned (no path, no control characters). */
      originalName: str(255, false),
      /** Sniffed from the bytes. */
      contentType: str(100, false),
      size: int(false),
      width: int(),
      height: int(),
      /** image | contract | import */
      purpose: str(16, false),
      uploadedBy: refColumn(qi, false),
      /** The record using the file (e.g. `progress` + its id); null while the upload is an orphan. */
      attachedType: str(32),
      attachedId: refColumn(qi),
      attachedBy: refColumn(qi),
      attachedAt: time(true),
      /** Set when the orphan clean-up claims the row; its files are then deleted, then the row. */
      deletingAt: time(true),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('uploads', ['storageKey'], { unique: true, name: 'uq_uploads_key' });
  // The orphan sweep: `attachedAt IS NULL AND createdAt < ?`, oldest first.
  await qi.addIndex('uploads', ['attachedAt', 'createdAt'], { name: 'ix_uploads_orphans' });
  await qi.addIndex('uploads', ['attachedType', 'attachedId'], { name: 'ix_uploads_attached' });
  await qi.addIndex('uploads', ['deletingAt'], { name: 'ix_uploads_deleting' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('uploads');
}
