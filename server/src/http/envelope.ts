import type { ApiFailure, ApiSuccess } from '@app/shared';
import type { AppError } from './app-error';

export function successBody<T>(data: T, message = 'OK', now = Date.now()): ApiSuccess<T> {
  return { success: true, code: 200, message, data, timestamp: now };
}

export function failureBody(err: AppError, now = Date.now(), data?: unknown): ApiFailure {
  const body: ApiFailure = {
    success: false,
    code: err.status,
    message: err.message,
    error: { code: err.code, message: err.message },
    timestamp: now,
  };
  if (err.details !== undefined) body.error.details = err.details;
  if (data !== undefined) body.data = data;
  return body;
}
