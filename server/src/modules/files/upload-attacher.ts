import type { Transaction } from 'sequelize';
import type { UploadPurpose } from '@app/shared';
import type { UploadOwner } from './uploads.repository';

export type { UploadOwner };

/** An attached upload as a record stores and shows it. */
export interface AttachedUpload {
  url: string;
  /** The thumbnail of an image; null for documents. */
  thumbnailUrl: string | null;
}

export interface AttachOptions {
  /** The purpose every upload must have (default `image`). */
  purpose?: UploadPurpose;
  /** The request field named in errors (default `images`, as in 000's progress body): `images[2]`. */
  field?: string;
}

/**
 * What other modules (production progress) use when one of their records references uploaded files; they
 * depend on this interface, not on the files module. Call it inside the record's own transaction.
 *
 * - `attach`: every URL must be an upload of this system, of the expected purpose, not attached to another
 *   record (attaching to the same record again is fine). Answers `{ url, thumbnailUrl }` in the given order;
 *   otherwise throws 400 VALIDATION_ERROR naming `images[i]`.
 * - `detach`: the record is deleted (or its file list is replaced: detach, then attach the new list, in one
 *   transaction): its uploads become orphans again, and the clean-up job deletes them.
 * - `thumbnailsFor`: url → thumbnailUrl for the URLs that are uploads with a thumbnail, in one query.
 */
export interface UploadAttacher {
  attach(
    urls: readonly string[],
    owner: UploadOwner,
    by: number,
    t: Transaction,
    options?: AttachOptions,
  ): Promise<AttachedUpload[]>;
  detach(owner: UploadOwner, t: Transaction): Promise<number>;
  thumbnailsFor(urls: readonly string[], t?: Transaction): Promise<Map<string, string>>;
}
