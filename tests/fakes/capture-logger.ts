import pino from 'pino';
import type { Logger } from '@app/server/src/platform/logger';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface CapturedLogger {
  logger: Logger;
  /** Every line written, parsed from pino's JSON. */
  lines: LogLine[];
  /** Lines at pino's numeric level (30 info, 40 warn, 50 error) with this message. */
  find(level: 'info' | 'warn' | 'error', msg: string): LogLine[];
}

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/** A real pino logger whose output lands in memory, so a test can assert what was logged. */
export function captureLogger(): CapturedLogger {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info', base: undefined }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return {
    logger,
    lines,
    find: (level, msg) => lines.filter((l) => l.level === LEVELS[level] && l.msg === msg),
  };
}
