import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../../http/app-error';
import type { Clock } from '../../platform/clock';

const ALG = 'HS256';
const ISSUER = 'order-delivery-platform';

export interface TokenClaims {
  userId: number;
  tokenVersion: number;
  expiresAt: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** How many verified tokens to remember (their signature is not re-checked; expiry always is). */
const VERIFIED_CACHE_SIZE = 20_000;

/** HS256 JWTs. The algorithm is pinned on verify; `exp`, `iat` and `sub` are required. */
export class TokenService {
  private readonly key: KeyObject;
  /** token → claims of tokens whose signature already verified; the hot path skips the HMAC. */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    secret: string,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async issue(userId: number, tokenVersion: number, ttlSeconds: number): Promise<IssuedToken> {
    const nowSec = Math.floor(this.clock.now().getTime() / 1000);
    const exp = nowSec + ttlSeconds;
    const token = await new SignJWT({ tv: tokenVersion })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuer(ISSUER)
      .setIssuedAt(nowSec)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: exp * 1000 };
  }

  async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt <= this.clock.now().getTime()) {
        this.verified.delete(token);
        throw new AppError('TOKEN_EXPIRED');
      }
      return known;
    }
    const claims = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, claims);
    return claims;
  }

  private async verifySignature(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        issuer: ISSUER,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: this.clock.now(),
      });
      const userId = Number(payload.sub);
      const tokenVersion = payload.tv;
      if (!Number.isSafeInteger(userId) || userId <= 0 || typeof tokenVersion !== 'number') {
        throw new AppError('TOKEN_INVALID');
      }
      return { userId, tokenVersion, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new AppError('TOKEN_EXPIRED');
      throw new AppError('TOKEN_INVALID');
    }
  }
}
