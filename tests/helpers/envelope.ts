import type { Response } from 'supertest';

export interface SuccessBody<T> {
  success: true;
  code: number;
  message: string;
  timestamp: number;
  data: T;
}

export interface FailureBody {
  success: false;
  code: number;
  message: string;
  timestamp: number;
  error: { code: string; message: string; details?: unknown };
  data?: unknown;
}

/** A timestamp in epoch milliseconds, taken around now (not seconds, not a string). */
function expectTimestamp(value: unknown): void {
  expect(typeof value).toBe('number');
  expect(Number.isInteger(value)).toBe(true);
  expect(Math.abs((value as number) - Date.now())).toBeLessThan(60_000);
}

/** Asserts a 200 success envelope (exactly its five keys) and returns its data. */
export function expectSuccess<T>(res: Response, message?: string): T {
  expect(res.status).toBe(200);
  expect(res.type).toBe('application/json');
  const body = res.body as SuccessBody<T>;
  expect(Object.keys(body).sort()).toEqual(['code', 'data', 'message', 'success', 'timestamp']);
  expect(body.success).toBe(true);
  expect(body.code).toBe(res.status);
  expect(typeof body.message).toBe('string');
  if (message !== undefined) expect(body.message).toBe(message);
  expectTimestamp(body.timestamp);
  return body.data;
}

/** Asserts a failure envelope whose body code equals the HTTP status, with the given error code. */
export function expectFailure(res: Response, status: number, errorCode: string): FailureBody {
  expect({ status: res.status, errorCode: (res.body as Partial<FailureBody>).error?.code }).toEqual({
    status,
    errorCode,
  });
  expect(res.type).toBe('application/json');
  const body = res.body as FailureBody;
  for (const key of Object.keys(body))
    expect(['success', 'code', 'message', 'error', 'timestamp', 'data']).toContain(key);
  expect(body.success).toBe(false);
  expect(body.code).toBe(status);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  expect(body.error.message).toBe(body.message);
  for (const key of Object.keys(body.error)) expect(['code', 'message', 'details']).toContain(key);
  expectTimestamp(body.timestamp);
  return body;
}
