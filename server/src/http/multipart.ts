import Busboy from 'busboy';
import { AppError } from './app-error';
import type { AppContext } from './context';

export interface UploadedFile {
  filename: string;
  mimeType: string;
  data: Buffer;
}

/**
 * Reads one file field of a multipart/form-data request into memory (bounded): 415 for another
 * content type, 413 over `maxBytes`, 400 naming the field when the file is missing.
 */
export function readMultipartFile(ctx: AppContext, field: string, maxBytes: number): Promise<UploadedFile> {
  if (!ctx.is('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件'));
  }
  return new Promise((resolve, reject) => {
    let file: UploadedFile | null = null;
    let failed = false;
    const fail = (err: AppError) => {
      if (failed) return;
      failed = true;
      ctx.req.unpipe(parser);
      ctx.req.resume();
      reject(err);
    };
    const parser = Busboy({
      headers: ctx.req.headers,
      limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 4096 },
    });
    parser.on('file', (name, stream, info) => {
      if (name !== field) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`)),
      );
      stream.on('end', () => {
        file = { filename: info.filename ?? 'upload', mimeType: info.mimeType, data: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => fail(new AppError('BAD_REQUEST', '无法解析上传内容')));
    parser.on('close', () => {
      if (failed) return;
      if (!file || file.data.length === 0) {
        reject(
          new AppError('VALIDATION_ERROR', `请求参数错误：${field} 请上传文件`, [{ field, message: '请上传文件' }]),
        );
      } else resolve(file);
    });
    ctx.req.pipe(parser);
  });
}
