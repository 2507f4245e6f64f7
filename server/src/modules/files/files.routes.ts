import {
  FilesUploadResultSchema,
  UPLOAD_PURPOSES,
  UploadFormSchema,
  UploadResultSchema,
  type ApiSuccess,
  type FilesUploadResult,
  type UploadPurpose,
} from '@app/shared';
import type { AppContext } from '../../http/context';
import { successBody } from '../../http/envelope';
import { readMultipartForm } from '../../http/multipart';
import { route, type RateLimitRule, type RouteSpec } from '../../http/route';
import { parsePart } from '../../http/validate';
import { maxBytesFor, tooLargeMessage, type UploadSizeLimits } from './upload-rules';
import { toUploadResultDto, toUploadedFileDto } from './uploads.mapper';
import type { UploadInput, UploadsService } from './uploads.service';

const TAG = '文件';
const UPLOADED = '上传成功';

const UPLOAD_DOC = {
  field: 'file',
  description:
    '文件：image → JPEG/PNG/WebP（≤ UPLOAD_IMAGE_MAX_MB），contract → PDF，import → .xlsx（≤ UPLOAD_FILE_MAX_MB）',
  fields: {
    type: { description: '用途（000：如 image），默认 image', enum: UPLOAD_PURPOSES },
    purpose: { description: '用途，同 type（二者都给时须一致）', enum: UPLOAD_PURPOSES },
  },
};

/** 000 §3's body: the envelope, plus `files` at the top level where 000's front end reads it. */
export type FilesUploadBody = ApiSuccess<FilesUploadResult> & FilesUploadResult;

const loosePurpose = (fields: Readonly<Record<string, string>>): UploadPurpose | null =>
  UPLOAD_PURPOSES.find((p) => p === (fields.type ?? fields.purpose)) ?? null;

/** The form: `file`, and the purpose from `type` or `purpose` (default image); validated like any body. */
async function readUpload(ctx: AppContext, limits: UploadSizeLimits): Promise<UploadInput> {
  const largest = Math.max(limits.imageMaxBytes, limits.fileMaxBytes);
  const form = await readMultipartForm(ctx, {
    field: 'file',
    fields: ['type', 'purpose'],
    maxBytes: (f) => {
      const p = loosePurpose(f);
      return p ? maxBytesFor(p, limits) : largest;
    },
    tooLarge: (limit, f) => tooLargeMessage(loosePurpose(f), limit),
  });
  parsePart(UploadFormSchema, form.fields, 'body');
  const { type, purpose } = UploadFormSchema.parse(form.fields);
  return { file: form.file, purpose: type ?? purpose ?? 'image' };
}

/** 000 §3 `POST /api/files/upload` and 004 appendix B `POST /api/upload`: one upload, two answer shapes. */
export function fileRoutes(uploads: UploadsService, limits: UploadSizeLimits, ratePerMin: number): RouteSpec[] {
  const rateLimit: RateLimitRule[] = [{ points: ratePerMin, durationSec: 60, by: 'user' }];
  const audit = { module: 'files', action: 'upload', targetType: 'upload' };
  return [
    route({
      method: 'post',
      path: '/api/files/upload',
      tag: TAG,
      summary: '上传文件 (000 §3)：图片自动转正、去除 EXIF/GPS 并生成缩略图',
      description:
        '应答 data.files[]（url、name、thumbnailUrl、size、width、height、contentType、id）；同一 files 数组也放在应答顶层，兼容 000 的前端。文件类型按内容识别，扩展名与声明的类型不作数。',
      permission: 'files.upload',
      upload: UPLOAD_DOC,
      rateLimit,
      response: FilesUploadResultSchema,
      successMessage: UPLOADED,
      audit: { ...audit, target: (_p, r) => (r as FilesUploadResult).files[0]?.id ?? null },
      handler: async ({ principal, ctx }) => {
        const result = { files: [toUploadedFileDto(await uploads.upload(principal, await readUpload(ctx, limits)))] };
        const body: FilesUploadBody = { ...successBody(result, UPLOADED), files: result.files };
        ctx.body = body;
        return result;
      },
    }),
    route({
      method: 'post',
      path: '/api/upload',
      tag: TAG,
      summary: '上传文件 (004 附录 B)：data 为 url、filename、size，另含 thumbnailUrl、contentType、id',
      description: '与 /api/files/upload 同一实现，只是应答形状不同。',
      permission: 'files.upload',
      upload: UPLOAD_DOC,
      rateLimit,
      response: UploadResultSchema,
      successMessage: UPLOADED,
      audit,
      handler: async ({ principal, ctx }) =>
        toUploadResultDto(await uploads.upload(principal, await readUpload(ctx, limits))),
    }),
  ];
}
