import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Anything that may carry a credential is redacted wherever it appears in a log line. */
const REDACT = [
  'authorization',
  'password',
  'oldPassword',
  'newPassword',
  'passwordHash',
  'token',
  'session_key',
  'sessionKey',
  'secret',
  'appSecret',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const paths = REDACT.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`]);
  return pino({ level, redact: { paths, censor: '[REDACTED]' }, base: undefined }, destination);
}
