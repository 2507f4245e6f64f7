import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import { isValidStorageKey, type FileStorage } from '../integrations/storage/file-storage';
import { AppError } from './app-error';
import type { AppState } from './context';

export const FILES_PATH = '/files/';

/** Uploads never change under their key (a new file gets a new key), so clients may keep them for a year. */
const IMMUTABLE_PREFIX = 'uploads/';
export const IMMUTABLE_CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** A strong validator from what identifies the bytes of an immutable file: its key and its length. */
function etagOf(key: string, size: number): string {
  return `"${size.toString(16)}-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
}

/**
 * Serves stored files at `/files/<key>` (GET/HEAD). The key is the capability: generated files get an
 * unguessable key (128 random bits). Anything that is not a strictly valid key (`..`, `%2e%2e`, backslashes,
 * empty segments) answers 404 without touching the disk. Uploads (`uploads/…`) are immutable: cached for a
 * year, with ETag and Last-Modified, and a conditional request that still matches answers 304.
 */
export function fileServer(storage: FileStorage, maxAgeSeconds = 3600): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(FILES_PATH)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      throw new AppError('METHOD_NOT_ALLOWED', undefined, undefined, { Allow: 'GET, HEAD' });
    }
    let key: string;
    try {
      key = decodeURIComponent(ctx.path.slice(FILES_PATH.length));
    } catch {
      throw new AppError('FILE_NOT_FOUND');
    }
    if (!isValidStorageKey(key)) throw new AppError('FILE_NOT_FOUND');
    const file = await storage.get(key);
    if (!file) throw new AppError('FILE_NOT_FOUND');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Disposition', `inline; filename="${key.slice(key.lastIndexOf('/') + 1)}"`);
    if (key.startsWith(IMMUTABLE_PREFIX)) {
      ctx.set('Cache-Control', IMMUTABLE_CACHE_CONTROL);
      ctx.set('ETag', etagOf(key, file.bytes.length));
      if (file.modifiedAt) ctx.lastModified = file.modifiedAt;
      ctx.status = 200;
      // If-None-Match / If-Modified-Since that still match: 304 with no body.
      if (ctx.fresh) {
        ctx.status = 304;
        return;
      }
    } else ctx.set('Cache-Control', `private, max-age=${maxAgeSeconds}`);
    ctx.type = file.contentType;
    ctx.body = file.bytes;
  };
}
