import { AppError } from '@app/server/src/http/app-error';

/** The AppError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject with an AppError');
}

/** The AppError `fn` throws synchronously. */
export function appErrorThrownBy(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError to be thrown');
}
