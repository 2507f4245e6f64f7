import Busboy from 'busboy';
import { AppError } from './app-error';
import type { AppContext } from './context';

export interface UploadedFile {
  filename: string;
  mimeType: string;
  data: Buffer;
}

/** One file and the text fields that came with it. */
export interface MultipartForm {
  file: UploadedFile;
  /** The text fields named in `fields` (the last value of each), as sent. */
  fields: Record<string, string>;
}

export interface MultipartOptions {
  /** The file field. */
  field: string;
  /**
   * The byte limit of the file: a number, or a function of the text fields read before the file part
   * (a client that sends `type` first gets its purpose's limit while streaming). Over it: 413.
   */
  maxBytes: number | ((fieldsSoFar: Readonly<Record<string, string>>) => number);
  /** Text fields to keep (others are ignored); each at most 4 KB. */
  fields?: readonly string[];
  /** The 413 message for a file over `limit` bytes (given the text fields read before the file). */
  tooLarge?: (limit: number, fieldsSoFar: Readonly<Record<string, string>>) => string;
}

const mb = (bytes: number) => Math.floor(bytes / 1024 / 1024);
const defaultTooLarge = (limit: number) => `文件超过 ${mb(limit)} MB`;

/**
 * Reads one file field of a multipart/form-data request into memory (bounded): 415 for another
 * content type, 413 over `maxBytes`, 400 naming the field when the file is missing.
 */
export async function readMultipartFile(ctx: AppContext, field: string, maxBytes: number): Promise<UploadedFile> {
  return (await readMultipartForm(ctx, { field, maxBytes })).file;
}

/** As `readMultipartFile`, and keeps the named text fields of the form too. */
export function readMultipartForm(ctx: AppContext, options: MultipartOptions): Promise<MultipartForm> {
  const { field } = options;
  const keep = new Set(options.fields ?? []);
  const tooLarge = options.tooLarge ?? defaultTooLarge;
  const hardLimit = typeof options.maxBytes === 'number' ? options.maxBytes : options.maxBytes({});
  if (!ctx.is('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件'));
  }
  return new Promise((resolve, reject) => {
    let file: UploadedFile | null = null;
    let failed = false;
    const fields: Record<string, string> = {};
    const fail = (err: AppError) => {
      if (failed) return;
      failed = true;
      ctx.req.unpipe(parser);
      ctx.req.resume();
      reject(err);
    };
    const parser = Busboy({
      headers: ctx.req.headers,
      // Browsers and wx.uploadFile send the file name as raw UTF-8 (busboy's default would read it as latin1).
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: hardLimit, fields: 20, fieldSize: 4096 },
    });
    parser.on('field', (name, value) => {
      if (keep.has(name)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== field) {
        stream.resume();
        return;
      }
      // The limit that applies to this file, given the fields sent before it (never above the hard limit).
      const before = { ...fields };
      const limit = typeof options.maxBytes === 'number' ? hardLimit : Math.min(hardLimit, options.maxBytes(before));
      const tooBig = () => fail(new AppError('PAYLOAD_TOO_LARGE', tooLarge(limit, before)));
      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > limit) {
          stream.resume();
          tooBig();
          return;
        }
        chunks.push(chunk);
      });
      stream.on('limit', tooBig);
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
      } else resolve({ file, fields });
    });
    ctx.req.pipe(parser);
  });
}
