import type { Middleware } from 'koa';
import { AppError } from './app-error';
import { failureBody } from './envelope';
import type { Logger } from '../platform/logger';
import type { AppState } from './context';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  headers?: Record<string, string>;
}

/** Errors thrown by Koa/body parsing that carry an HTTP status map onto our codes. */
function fromHttpError(err: HttpLikeError): AppError | null {
  const status = err.status ?? err.statusCode;
  if (status === 413 || err.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 405 || status === 501) return new AppError('METHOD_NOT_ALLOWED');
  if (status === 404) return new AppError('ROUTE_NOT_FOUND');
  if (status === 400) return new AppError('BAD_REQUEST');
  return null;
}

/**
 * The first middleware. Writes the envelope for every failure; unknown errors answer 500 with no
 * stack or SQL in the body and are logged once with the request id.
 */
export function errorHandler(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        // The router set 405/501 (and the Allow header) for a known path with another method.
        if (ctx.status === 405 || ctx.status === 501) throw new AppError('METHOD_NOT_ALLOWED');
        if (ctx.status === 404) throw new AppError('ROUTE_NOT_FOUND');
      }
    } catch (thrown) {
      let err: AppError;
      if (thrown instanceof AppError) err = thrown;
      else {
        const mapped = typeof thrown === 'object' && thrown !== null ? fromHttpError(thrown as HttpLikeError) : null;
        if (mapped) err = mapped;
        else {
          logger.error({ err: thrown, requestId: ctx.state.requestId, path: ctx.path }, 'unhandled error');
          err = new AppError('INTERNAL_ERROR');
        }
      }
      ctx.status = err.status;
      if (err.headers) ctx.set(err.headers);
      ctx.body = failureBody(err, Date.now(), ctx.state.failureData);
    }
  };
}
