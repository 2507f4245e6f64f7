import { randomBytes } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { UploadPurpose } from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { UploadedFile } from '../../http/multipart';
import type { FieldProblem } from '../../http/validate';
import type { FileStorage } from '../../integrations/storage/file-storage';
import type { Clock } from '../../platform/clock';
import type { Principal } from '../access/principal';
import type { ImageProcessor } from './image-processor';
import type { AttachOptions, AttachedUpload, UploadAttacher } from './upload-attacher';
import {
  acceptedKind,
  imageFormatOf,
  maxBytesFor,
  sanitizeFileName,
  tooLargeMessage,
  typeNotAllowedMessage,
  uploadKeyFromUrl,
  uploadKeys,
  type FileKind,
  type UploadSizeLimits,
} from './upload-rules';
import type { UploadOwner, UploadRecord, UploadsRepository } from './uploads.repository';

export interface UploadsDeps {
  db: Database;
  repository: UploadsRepository;
  storage: FileStorage;
  images: ImageProcessor;
  clock: Clock;
  limits: UploadSizeLimits & { orphanTtlHours: number };
  /** The type of the bytes (file-type); undefined when unknown. */
  sniff(bytes: Buffer): Promise<FileKind | undefined>;
  /** 32 lowercase hex characters (128 random bits): the unguessable part of a file's key. */
  randomHex?: () => string;
}

export interface UploadInput {
  file: UploadedFile;
  purpose: UploadPurpose;
}

/** Orphans deleted per batch, and batches per clean-up run. */
const PURGE_BATCH = 100;
const PURGE_MAX_BATCHES = 20;

const PURPOSE_NAME: Record<UploadPurpose, string> = { image: '图片', contract: '合同文件', import: '导入文件' };

function invalid(problems: FieldProblem[]): AppError {
  return new AppError('VALIDATION_ERROR', `请求参数错误：${problems[0].field} ${problems[0].message}`, problems);
}

/**
 * Uploads (000 §3, 004 appendix B): checks, processes and stores a file and records it; attaches uploads to the
 * records that use them (`UploadAttacher`); deletes the orphans nobody attached.
 */
export class UploadsService implements UploadAttacher {
  private readonly randomHex: () => string;
  private readonly baseUrl: string;

  constructor(private readonly deps: UploadsDeps) {
    this.randomHex = deps.randomHex ?? (() => randomBytes(16).toString('hex'));
    this.baseUrl = deps.storage.url('').replace(/\/+$/, '');
  }

  /** Size per purpose (413), type from the bytes (415), images re-encoded with a thumbnail; files, then the row. */
  async upload(principal: Principal, input: UploadInput): Promise<UploadRecord> {
    const { file, purpose } = input;
    const limit = maxBytesFor(purpose, this.deps.limits);
    if (file.data.length > limit) {
      const message = tooLargeMessage(purpose, limit);
      throw new AppError('PAYLOAD_TOO_LARGE', message, [{ field: 'file', message }]);
    }
    const sniffed = await this.deps.sniff(file.data);
    const kind = acceptedKind(purpose, sniffed);
    if (!kind) {
      const message = typeNotAllowedMessage(purpose, sniffed);
      throw new AppError('FILE_TYPE_NOT_ALLOWED', message, [{ field: 'file', message }]);
    }
    const now = this.deps.clock.now();
    const { key, thumbnailKey } = uploadKeys(now, this.randomHex(), kind.ext);
    const stored = await this.store(file.data, kind, key, thumbnailKey);
    try {
      return await this.deps.db.transaction((t) =>
        this.deps.repository.create(
          {
            storageKey: key,
            thumbnailKey: stored.thumbnail ? thumbnailKey : null,
            url: this.deps.storage.url(key),
            thumbnailUrl: stored.thumbnail ? this.deps.storage.url(thumbnailKey) : null,
            originalName: sanitizeFileName(file.filename),
            contentType: kind.mime,
            size: stored.size,
            width: stored.width,
            height: stored.height,
            purpose,
            uploadedBy: principal.userId,
            createdAt: now,
          },
          t,
        ),
      );
    } catch (err) {
      // No row, no files: undo the writes so nothing is left that the clean-up cannot see.
      await this.removeFiles([key, thumbnailKey]);
      throw err;
    }
  }

  /** Writes the file (images: processed, plus the thumbnail); answers what the row records. */
  private async store(
    data: Buffer,
    kind: FileKind,
    key: string,
    thumbnailKey: string,
  ): Promise<{ size: number; width: number | null; height: number | null; thumbnail: boolean }> {
    const format = imageFormatOf(kind);
    if (!format) {
      await this.deps.storage.put(key, data, kind.mime);
      return { size: data.length, width: null, height: null, thumbnail: false };
    }
    const image = await this.deps.images.process(data, format);
    try {
      await this.deps.storage.put(key, image.full.bytes, kind.mime);
      await this.deps.storage.put(thumbnailKey, image.thumbnail.bytes, 'image/jpeg');
    } catch (err) {
      await this.removeFiles([key, thumbnailKey]);
      throw err;
    }
    return { size: image.full.bytes.length, width: image.full.width, height: image.full.height, thumbnail: true };
  }

  private async removeFiles(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((k) => this.deps.storage.delete(k).catch(() => undefined)));
  }

  async attach(
    urls: readonly string[],
    owner: UploadOwner,
    by: number,
    t: Transaction,
    options: AttachOptions = {},
  ): Promise<AttachedUpload[]> {
    const field = options.field ?? 'images';
    const purpose = options.purpose ?? 'image';
    if (urls.length === 0) return [];
    const problems: FieldProblem[] = [];
    const keys = urls.map((url) => uploadKeyFromUrl(url, this.baseUrl));
    const seen = new Set<string>();
    keys.forEach((key, i) => {
      if (!key) problems.push({ field: `${field}[${i}]`, message: '不是本系统上传的文件地址' });
      else if (seen.has(key)) problems.push({ field: `${field}[${i}]`, message: '与前面的文件重复' });
      else seen.add(key);
    });
    if (problems.length > 0) throw invalid(problems);
    const rows = new Map((await this.deps.repository.findByKeys([...seen], t, true)).map((r) => [r.storageKey, r]));
    keys.forEach((key, i) => {
      const problem = attachProblem(key === null ? undefined : rows.get(key), owner, purpose);
      if (problem) problems.push({ field: `${field}[${i}]`, message: problem });
    });
    if (problems.length > 0) throw invalid(problems);
    const orphans = [...rows.values()].filter((r) => r.attachedAt === null).map((r) => r.id);
    const n = await this.deps.repository.attach(orphans, owner, by, this.deps.clock.now(), t);
    if (n !== orphans.length) throw invalid([{ field, message: '文件已被其他记录使用，请重新上传' }]);
    return keys.map((key) => {
      const row = rows.get(key ?? '');
      if (!row) throw new Error('attached upload vanished');
      return { url: row.url, thumbnailUrl: row.thumbnailUrl };
    });
  }

  detach(owner: UploadOwner, t: Transaction): Promise<number> {
    return this.deps.repository.detach(owner, t);
  }

  async thumbnailsFor(urls: readonly string[], t?: Transaction): Promise<Map<string, string>> {
    const keyed = urls.flatMap((url) => {
      const key = uploadKeyFromUrl(url, this.baseUrl);
      return key ? [{ url, key }] : [];
    });
    const rows = new Map(
      (
        await this.deps.repository.findByKeys(
          keyed.map((k) => k.key),
          t,
        )
      ).map((r) => [r.storageKey, r]),
    );
    const result = new Map<string, string>();
    for (const { url, key } of keyed) {
      const thumb = rows.get(key)?.thumbnailUrl;
      if (thumb) result.set(url, thumb);
    }
    return result;
  }

  /**
   * Deletes uploads no record attached within `orphanTtlHours`: claims a batch (so a record can no longer
   * attach them), deletes their files, then their rows. A run that stops half-way is finished by the next.
   */
  async purgeOrphans(): Promise<number> {
    const now = this.deps.clock.now();
    const cutoff = new Date(now.getTime() - this.deps.limits.orphanTtlHours * 3_600_000);
    let deleted = 0;
    for (let batch = 0; batch < PURGE_MAX_BATCHES; batch += 1) {
      await this.deps.repository.claimOrphans(cutoff, now, PURGE_BATCH);
      const rows = await this.deps.repository.claimed(PURGE_BATCH);
      if (rows.length === 0) break;
      for (const row of rows) {
        await this.deps.storage.delete(row.storageKey);
        if (row.thumbnailKey) await this.deps.storage.delete(row.thumbnailKey);
      }
      deleted += await this.deps.repository.deleteClaimed(rows.map((r) => r.id));
      if (rows.length < PURGE_BATCH) break;
    }
    return deleted;
  }
}

/** Why an upload cannot be attached to `owner`, or null when it can. */
function attachProblem(row: UploadRecord | undefined, owner: UploadOwner, purpose: UploadPurpose): string | null {
  if (!row || row.deletingAt) return '文件不存在或已过期，请重新上传';
  if (row.purpose !== purpose) return `不是${PURPOSE_NAME[purpose]}`;
  if (row.attachedAt && (row.attachedType !== owner.type || row.attachedId !== owner.id)) {
    return '文件已被其他记录使用';
  }
  return null;
}
