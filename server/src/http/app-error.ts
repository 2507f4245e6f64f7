import { defaultMessageOf, statusOf, type ErrorCode } from '@app/shared';

/** The only error a service throws on purpose. Its code decides the HTTP status (shared ERROR_TABLE). */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? defaultMessageOf(code));
    this.name = 'AppError';
    this.status = statusOf(code);
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND', message?: string) => new AppError(code, message);
