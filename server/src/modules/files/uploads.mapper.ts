import type { UploadResult, UploadedFile } from '@app/shared';
import type { UploadRecord } from './uploads.repository';

/** The stored file's name: the last segment of its key (`<32 hex>.jpg`), as 000's and 004's examples show. */
const storedName = (u: UploadRecord) => u.storageKey.slice(u.storageKey.lastIndexOf('/') + 1);

/** 000 §3: one entry of `files`. */
export function toUploadedFileDto(u: UploadRecord): UploadedFile {
  return {
    id: u.id,
    url: u.url,
    name: storedName(u),
    originalName: u.originalName,
    thumbnailUrl: u.thumbnailUrl,
    size: u.size,
    width: u.width,
    height: u.height,
    contentType: u.contentType,
    purpose: u.purpose,
  };
}

/** 004 appendix B: `data` of `POST /api/upload`. */
export function toUploadResultDto(u: UploadRecord): UploadResult {
  return {
    id: u.id,
    url: u.url,
    filename: storedName(u),
    originalName: u.originalName,
    size: u.size,
    thumbnailUrl: u.thumbnailUrl,
    width: u.width,
    height: u.height,
    contentType: u.contentType,
    purpose: u.purpose,
  };
}
