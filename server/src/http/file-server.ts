import type { Middleware } from 'koa';
import { isValidStorageKey, type FileStorage } from '../integrations/storage/file-storage';
import { AppError } from './app-error';
import type { AppState } from './context';

export const FILES_PATH = '/files/';

/**
 * Serves stored files at `/files/<key>` (GET/HEAD). The key is the capability: generated files get an
 * unguessable key (128 random bits). Anything that is not a strictly valid key (`..`, `%2e%2e`, backslashes,
 * empty segments) answers 404 without touching the disk.
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
    ctx.set('Cache-Control', `private, max-age=${maxAgeSeconds}`);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Disposition', `inline; filename="${key.slice(key.lastIndexOf('/') + 1)}"`);
    ctx.type = file.contentType;
    ctx.body = file.bytes;
  };
}
