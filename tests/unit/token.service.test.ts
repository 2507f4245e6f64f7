import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { TokenService } from '@app/server/src/modules/auth/token.service';
import { FakeClock } from '../fakes/fake-clock';
import { appErrorOf } from './support/app-error';

const SECRET = 'unit-test-secret-that-is-long-enough-for-hs256-0123456789';
const ISSUER = 'order-delivery-platform';
/** 2030-01-01T00:00:00Z, in milliseconds; a whole second, so exp arithmetic is exact. */
const T0 = Date.UTC(2030, 0, 1);
const T0_SEC = T0 / 1000;
const TTL = 3600;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const key = (secret: string) => createSecretKey(Buffer.from(secret, 'utf8'));

/** A token like TokenService issues, with any part changed. */
function sign(
  options: { secret?: string; alg?: string; iss?: string; sub?: string; exp?: number | null; claims?: object } = {},
) {
  let jwt = new SignJWT({ tv: 0, ...options.claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(options.sub ?? '42')
    .setIssuer(options.iss ?? ISSUER)
    .setIssuedAt(T0_SEC);
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? T0_SEC + TTL);
  return jwt.sign(key(options.secret ?? SECRET));
}

describe(TokenService.name, () => {
  let clock: FakeClock;
  let tokens: TokenService;
  beforeEach(() => {
    clock = new FakeClock(T0);
    tokens = new TokenService(SECRET, clock);
  });

  it('round-trips userId, tokenVersion and the expiry in milliseconds', async () => {
    const issued = await tokens.issue(42, 3, TTL);
    expect(issued.expiresAt).toBe(T0 + TTL * 1000);
    expect(issued.token.split('.')).toHaveLength(3);
    await expect(tokens.verify(issued.token)).resolves.toEqual({
      userId: 42,
      tokenVersion: 3,
      expiresAt: T0 + TTL * 1000,
    });
  });

  it('takes the time from the injected clock, not the system clock', async () => {
    clock.set(T0 + 123_456_000);
    const issued = await tokens.issue(1, 0, 60);
    expect(issued.expiresAt).toBe(T0 + 123_456_000 + 60_000);
  });

  it('signs HS256 with the issuer, subject, iat and exp it promises', async () => {
    const { token } = await tokens.issue(9, 1, TTL);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ tv: 1, sub: '9', iss: ISSUER, iat: T0_SEC, exp: T0_SEC + TTL });
  });

  it('accepts a token until its expiry and answers TOKEN_EXPIRED (401) from then on', async () => {
    const { token } = await tokens.issue(42, 0, TTL);
    clock.advance(TTL * 1000 - 1000);
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId: 42 });
    clock.advance(2000);
    const err = await appErrorOf(tokens.verify(token));
    expect(err.code).toBe('TOKEN_EXPIRED');
    expect(err.status).toBe(401);
  });

  it('answers TOKEN_EXPIRED at exactly exp, also for a token it verified before', async () => {
    const { token } = await tokens.issue(42, 0, TTL);
    const fresh = new TokenService(SECRET, clock);
    await tokens.verify(token);
    clock.advance(TTL * 1000);
    expect((await appErrorOf(tokens.verify(token))).code).toBe('TOKEN_EXPIRED');
    expect((await appErrorOf(fresh.verify(token))).code).toBe('TOKEN_EXPIRED');
    clock.set(T0);
    await expect(fresh.verify(token)).resolves.toMatchObject({ userId: 42 });
  });

  it('does not accept a token signed under another secret after verifying a good one', async () => {
    const good = await sign();
    await tokens.verify(good);
    const other = await sign({ secret: 'another-secret-another-secret-another-secret' });
    expect((await appErrorOf(tokens.verify(other))).code).toBe('TOKEN_INVALID');
    await expect(tokens.verify(good)).resolves.toMatchObject({ userId: 42 });
  });

  describe('answers TOKEN_INVALID (401) for', () => {
    const invalid = async (token: string | Promise<string>) => {
      const err = await appErrorOf(tokens.verify(await token));
      expect(err.code).toBe('TOKEN_INVALID');
      expect(err.status).toBe(401);
    };

    it('a tampered signature', async () => {
      const { token } = await tokens.issue(42, 0, TTL);
      const [h, p, s] = token.split('.');
      const flipped = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      await invalid(`${h}.${p}.${flipped}`);
    });

    it('a tampered payload under the original signature', async () => {
      const { token } = await tokens.issue(42, 0, TTL);
      const [h, , s] = token.split('.');
      const payload = b64({ tv: 0, sub: '1', iss: ISSUER, iat: T0_SEC, exp: T0_SEC + TTL });
      await invalid(`${h}.${payload}.${s}`);
    });

    it('alg:none', async () => {
      const { token } = await tokens.issue(42, 0, TTL);
      const payload = token.split('.')[1];
      await invalid(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`);
    });

    it('another HMAC algorithm with the right secret (the algorithm is pinned)', async () => {
      await invalid(sign({ alg: 'HS512' }));
    });

    it('a wrong issuer', async () => {
      await invalid(sign({ iss: 'someone-else' }));
    });

    it('a token signed with another secret', async () => {
      await invalid(sign({ secret: 'another-secret-another-secret-another-secret' }));
    });

    it('a token without exp', async () => {
      await invalid(sign({ exp: null }));
    });

    it('a subject that is not a positive user id', async () => {
      await invalid(sign({ sub: 'admin' }));
      await invalid(sign({ sub: '0' }));
    });

    it('a token version that is not a number', async () => {
      await invalid(sign({ claims: { tv: '0' } }));
    });

    it('a string that is not a JWT', async () => {
      await invalid('not-a-jwt');
      await invalid('');
    });
  });

  it('verifies a hand-made token of the same shape (the checks above fail for their own reason)', async () => {
    await expect(tokens.verify(await sign())).resolves.toEqual({
      userId: 42,
      tokenVersion: 0,
      expiresAt: (T0_SEC + TTL) * 1000,
    });
  });
});
