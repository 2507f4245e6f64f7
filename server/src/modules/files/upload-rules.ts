import type { UploadPurpose } from '@app/shared';
import { isValidStorageKey } from '../../integrations/storage/file-storage';
import type { ImageFormat } from './image-processor';

/** A file type as sniffed from the bytes. */
export interface FileKind {
  ext: string;
  mime: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The types each purpose accepts, by sniffed MIME type. HEIC is not among the images: the sharp build used
 * here decodes HEIF only with AV1 (AVIF), not the HEVC that iPhone HEIC files use (see docs/decisions.md).
 */
export const ACCEPTED: Record<UploadPurpose, readonly FileKind[]> = {
  image: [
    { ext: 'jpg', mime: 'image/jpeg' },
    { ext: 'png', mime: 'image/png' },
    { ext: 'webp', mime: 'image/webp' },
  ],
  contract: [{ ext: 'pdf', mime: 'application/pdf' }],
  import: [{ ext: 'xlsx', mime: XLSX }],
};

const LABEL: Record<UploadPurpose, { what: string; types: string }> = {
  image: { what: '图片', types: 'JPEG、PNG、WebP' },
  contract: { what: '合同文件', types: 'PDF' },
  import: { what: '导入文件', types: 'Excel（.xlsx）' },
};

/** The accepted kind (with this system's extension) for a sniffed type, or null when the purpose refuses it. */
export function acceptedKind(purpose: UploadPurpose, sniffed: FileKind | undefined): FileKind | null {
  if (!sniffed) return null;
  return ACCEPTED[purpose].find((k) => k.mime === sniffed.mime) ?? null;
}

/** The image format of an accepted kind, or null for documents. */
export function imageFormatOf(kind: FileKind): ImageFormat | null {
  return kind.ext === 'jpg' || kind.ext === 'png' || kind.ext === 'webp' ? kind.ext : null;
}

/** 415's message: which types the purpose allows, and what the bytes were. */
export function typeNotAllowedMessage(purpose: UploadPurpose, sniffed: FileKind | undefined): string {
  const got = sniffed ? `检测到的是 ${sniffed.mime}` : '无法识别文件内容';
  return `文件类型不支持（file）：${LABEL[purpose].what}仅支持 ${LABEL[purpose].types}，${got}`;
}

export interface UploadSizeLimits {
  imageMaxBytes: number;
  fileMaxBytes: number;
}

export function maxBytesFor(purpose: UploadPurpose, limits: UploadSizeLimits): number {
  return purpose === 'image' ? limits.imageMaxBytes : limits.fileMaxBytes;
}

/** 413's message for a file over its purpose's limit. */
export function tooLargeMessage(purpose: UploadPurpose | null, limitBytes: number): string {
  const what = purpose ? LABEL[purpose].what : '文件';
  return `文件过大（file）：${what}不能超过 ${Math.floor(limitBytes / 1024 / 1024)} MB`;
}

export const UPLOADS_FOLDER = 'uploads';

/** `uploads/<yyyy>/<mm>/<32 hex>.<ext>` and its thumbnail `…_thumb.jpg`, month in UTC. */
export function uploadKeys(now: Date, randomHex: string, ext: string): { key: string; thumbnailKey: string } {
  if (!/^[0-9a-f]{32}$/.test(randomHex)) throw new Error('an upload key needs 32 lowercase hex characters');
  const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const stem = `${UPLOADS_FOLDER}/${month}/${randomHex}`;
  return { key: `${stem}.${ext}`, thumbnailKey: `${stem}_thumb.jpg` };
}

const MAX_NAME = 200;

/**
 * The client's file name as kept and shown: the last path segment only (`C:\x\a.jpg`, `../a.jpg` → `a.jpg`),
 * Unicode NFC, without control, format (bidi overrides, zero-width) or reserved characters (`<>:"/\|?*`),
 * spaces collapsed, no leading dots, at most 200 characters keeping the extension; `upload` when nothing is left.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = [...name];
  if (chars.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    const keepExt = ext.length > 0 && ext.length <= 16 ? ext : [];
    name = chars.slice(0, MAX_NAME - keepExt.length).join('') + keepExt.join('');
  }
  return name === '' ? 'upload' : name;
}

/**
 * The storage key an URL of this system's uploads names, or null. Accepts the URL as answered
 * (`FILES_BASE_URL` + key) and, when the base is a path (`/files`), the same path on any host
 * (`https://host/files/uploads/…`), as a client that prefixes its API host sends it back.
 */
export function uploadKeyFromUrl(url: string, baseUrl: string): string | null {
  const base = baseUrl.replace(/\/+$/, '');
  let rest: string | null = null;
  if (url.startsWith(`${base}/`)) rest = url.slice(base.length + 1);
  else if (base.startsWith('/')) {
    const m = /^https?:\/\/[^/?#]+(\/[^?#]*)$/.exec(url);
    if (m && m[1].startsWith(`${base}/`)) rest = m[1].slice(base.length + 1);
  }
  if (rest === null || !rest.startsWith(`${UPLOADS_FOLDER}/`) || !isValidStorageKey(rest)) return null;
  return rest;
}
