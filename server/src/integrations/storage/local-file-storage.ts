import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';
import { CONTENT_TYPES, isValidStorageKey, type FileStorage, type StoredFile } from './file-storage';

/**
 * Files under one directory (`FILES_DIR`, default `<DATA_DIR>/files`), which several instances may share.
 * Writes go to a temporary name first and are renamed into place, so a reader never sees half a file.
 */
export class LocalFileStorage implements FileStorage {
  private readonly root: string;

  constructor(
    root: string,
    private readonly baseUrl: string,
  ) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    if (!isValidStorageKey(key)) throw new Error(`invalid storage key: ${key}`);
    const file = resolve(join(this.root, key));
    if (!file.startsWith(this.root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return file;
  }

  async put(key: string, bytes: Buffer, _contentType: string): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes, { mode: 0o640 });
    await rename(temp, file);
  }

  async get(key: string): Promise<StoredFile | null> {
    if (!isValidStorageKey(key)) return null;
    try {
      const file = this.pathOf(key);
      const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
      const ext = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : '';
      return { bytes, contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', modifiedAt: info.mtime };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
        return null;
      }
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  url(key: string): string {
    return `${this.baseUrl.replace(/\/+$/, '')}/${key}`;
  }
}
