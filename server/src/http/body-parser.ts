import getRawBody from 'raw-body';
import { AppError } from './app-error';
import type { AppContext } from './context';

/** Reads a JSON body (only for routes that take one): 415 for another type, 413 over the limit. */
export async function readJsonBody(ctx: AppContext, limit: number): Promise<unknown> {
  const length = ctx.request.length;
  const chunked = ctx.get('transfer-encoding') !== '';
  if (!chunked && (length === undefined || length === 0)) return {};
  if (!ctx.is('application/json', 'application/*+json'))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请求体须为 application/json');
  if (length !== undefined && length > limit) throw new AppError('PAYLOAD_TOO_LARGE');
  let text: string;
  try {
    text = await getRawBody(ctx.req, { length, limit, encoding: 'utf8' });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') throw new AppError('PAYLOAD_TOO_LARGE');
    if (type === 'request.aborted') throw new AppError('BAD_REQUEST', '请求被中断');
    throw new AppError('BAD_REQUEST', '无法读取请求体');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('INVALID_JSON');
  }
}
