import { fileTypeFromBuffer } from 'file-type/core';
import type { FileKind } from './upload-rules';

/** The type of the bytes, by their signature (file-type); the name and the declared type play no part. */
export async function sniffFileKind(bytes: Buffer): Promise<FileKind | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  return found ? { ext: found.ext, mime: found.mime } : undefined;
}
