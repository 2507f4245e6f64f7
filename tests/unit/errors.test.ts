import { ERROR_TABLE, defaultMessageOf, statusOf, type ErrorCode } from '@app/shared';
import { AppError } from '@app/server/src/http/app-error';

const codes = Object.keys(ERROR_TABLE) as ErrorCode[];

describe('ERROR_TABLE', () => {
  it.each(codes)('maps %s to an HTTP error status 400-599 and a Chinese message', (code) => {
    const [status, message] = ERROR_TABLE[code];
    expect(Number.isInteger(status)).toBe(true);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThanOrEqual(599);
    expect(message.trim()).toBe(message);
    expect(message.length).toBeGreaterThan(0);
    expect(message).toMatch(/\p{Script=Han}/u);
  });

  it('names codes in UPPER_SNAKE_CASE', () => {
    for (const code of codes) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it('keeps the statuses the API documents for the common failures', () => {
    expect(statusOf('VALIDATION_ERROR')).toBe(400);
    expect(statusOf('UNAUTHORIZED')).toBe(401);
    expect(statusOf('TOKEN_EXPIRED')).toBe(401);
    expect(statusOf('FORBIDDEN')).toBe(403);
    expect(statusOf('NOT_FOUND')).toBe(404);
    expect(statusOf('RATE_LIMITED')).toBe(429);
    expect(statusOf('INTERNAL_ERROR')).toBe(500);
  });
});

describe(AppError.name, () => {
  it('takes its status and default message from ERROR_TABLE', () => {
    for (const code of codes) {
      const err = new AppError(code);
      expect(err.status).toBe(statusOf(code));
      expect(err.message).toBe(defaultMessageOf(code));
      expect(err.code).toBe(code);
    }
  });

  it('keeps a specific message, details and headers', () => {
    const err = new AppError('WECHAT_RATE_LIMITED', '稍后再试', { errcode: 45011 }, { 'Retry-After': '60' });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: 'AppError',
      status: 429,
      message: '稍后再试',
      details: { errcode: 45011 },
      headers: { 'Retry-After': '60' },
    });
  });
});
