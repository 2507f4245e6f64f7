/** A stored file and its type. */
export interface StoredFile {
  bytes: Buffer;
  contentType: string;
  /** When the file was written, where the store knows it (for Last-Modified). */
  modifiedAt?: Date;
}

/**
 * Where generated and uploaded files live (a shared directory, or an object store behind the same interface).
 * Keys are `folder/name.ext` of safe characters only (see `isValidStorageKey`); `url` is where clients fetch it.
 */
export interface FileStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<StoredFile | null>;
  /** Removes the file; a missing file is not an error (deleting twice is the same as once). */
  delete(key: string): Promise<void>;
  url(key: string): string;
}

/** Path segments of letters, digits, `_` and `-`; the last one may carry one extension. No `..`, no empty segment. */
const KEY_PATTERN = /^(?:[A-Za-z0-9_-]{1,64}\/){0,4}[A-Za-z0-9_-]{1,128}(?:\.[a-z0-9]{1,8})?$/;

export function isValidStorageKey(key: string): boolean {
  return key.length <= 300 && !key.includes('..') && KEY_PATTERN.test(key);
}

export const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  webp: 'image/webp',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
