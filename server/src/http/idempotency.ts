import { createHash } from 'node:crypto';
import type { IdempotencyKeysRepository } from '../modules/idempotency/idempotency-keys.repository';
import { AppError } from './app-error';
import type { AppContext } from './context';

/** JSON with object keys sorted, so the same body sent with another key order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` for the routes that declare it: the first request with a key runs and its answer is kept
 * (per user, for the configured hours); a repeat with the same body replays that answer (header
 * `Idempotent-Replayed: true`), with another body answers 422, and while the first still runs answers 409.
 * A request that fails leaves the key free.
 */
export class IdempotencyGuard {
  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly now: () => Date,
    private readonly ttlMs: number,
  ) {}

  async run(ctx: AppContext, userId: number, rawBody: unknown, execute: () => Promise<void>): Promise<void> {
    const key = ctx.get('idempotency-key').trim();
    if (key === '') return execute();
    if (key.length > 128) {
      throw new AppError('VALIDATION_ERROR', 'Idempotency-Key 最长 128 个字符', [
        { field: 'Idempotency-Key', message: '最长 128 个字符' },
      ]);
    }
    const route = `${ctx.method} ${ctx.path}`;
    const hash = createHash('sha256')
      .update(canonical(rawBody ?? null))
      .digest('hex');
    const claim = await this.keys.claim(userId, key, route, hash, this.now(), this.ttlMs);
    if (claim.kind === 'mismatch') throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (claim.kind === 'in_progress') {
      throw new AppError('IDEMPOTENCY_IN_PROGRESS', undefined, undefined, { 'Retry-After': '1' });
    }
    if (claim.kind === 'replay') {
      ctx.status = claim.status;
      ctx.body = JSON.parse(claim.body) as unknown;
      ctx.set('Idempotent-Replayed', 'true');
      return;
    }
    try {
      await execute();
    } catch (err) {
      await this.keys.release(claim.id);
      throw err;
    }
    await this.keys.complete(claim.id, ctx.status, JSON.stringify(ctx.body));
  }
}
