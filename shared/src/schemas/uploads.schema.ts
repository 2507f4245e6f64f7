import { z } from 'zod';

/**
 * What an upload is for; it decides the accepted types and the size limit:
 * `image` (default: jpeg, png, webp), `contract` (pdf), `import` (xlsx).
 */
export const UPLOAD_PURPOSES = ['image', 'contract', 'import'] as const;
export const UploadPurposeSchema = z.enum(UPLOAD_PURPOSES, { error: '须为 image、contract 或 import' });
export type UploadPurpose = z.infer<typeof UploadPurposeSchema>;

/** The multipart text fields besides `file`: 000 names it `type` (e.g. `image`); `purpose` is accepted too. */
export const UploadFormSchema = z
  .object({
    type: UploadPurposeSchema.optional(),
    purpose: UploadPurposeSchema.optional(),
  })
  .refine((v) => !v.type || !v.purpose || v.type === v.purpose, { message: '与 type 不一致', path: ['purpose'] });
export type UploadForm = z.infer<typeof UploadFormSchema>;

/** One stored upload as 000 §3 lists it in `files` (`url`, `name`) with what the server learned about it. */
export const UploadedFileSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  /** The stored file's name (the last segment of `url`), as 000's example shows. */
  name: z.string(),
  /** The client's file name, cleaned of paths and control characters. */
  originalName: z.string(),
  /** A small JPEG (long edge `UPLOAD_THUMB_EDGE` px) for images; null for documents. */
  thumbnailUrl: z.string().nullable(),
  /** Bytes of the stored file (for images: after orientation, metadata removal and resizing). */
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Sniffed from the bytes, never taken from the file name or the part's header. */
  contentType: z.string(),
  purpose: UploadPurposeSchema,
});
export type UploadedFile = z.infer<typeof UploadedFileSchema>;

/** `POST /api/files/upload` (000 §3): `data.files`; the body also carries `files` at the top level, as 000 reads it. */
export const FilesUploadResultSchema = z.object({ files: z.array(UploadedFileSchema) });
export type FilesUploadResult = z.infer<typeof FilesUploadResultSchema>;

/** `POST /api/upload` (004 appendix B): `url`, `filename`, `size`, plus the same facts as 000's entry. */
export const UploadResultSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  /** The stored file's name (the last segment of `url`), as 004's example shows. */
  filename: z.string(),
  originalName: z.string(),
  size: z.number().int(),
  thumbnailUrl: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  contentType: z.string(),
  purpose: UploadPurposeSchema,
});
export type UploadResult = z.infer<typeof UploadResultSchema>;
