import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const KEYLEN = 64;

/** scrypt password hashes: `scrypt$N$r$p$salt$hash` (base64url). Parameters travel with the hash. */
export class PasswordHasher {
  constructor(private readonly cost = { N: 16384, r: 8, p: 1 }) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const { N, r, p } = this.cost;
    const key = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem: 64 * 1024 * 1024 });
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string | null): Promise<boolean> {
    const parts = (stored ?? '').split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') {
      // Spend the same time as a real check so unknown users cannot be told apart by timing.
      await this.hash(password);
      return false;
    }
    const [, n, r, p, salt, hash] = parts;
    const cost = { N: Number(n), r: Number(r), p: Number(p) };
    const expected = Buffer.from(hash, 'base64url');
    const saltBytes = Buffer.from(salt, 'base64url');
    // A corrupted record (bad cost, short hash or salt) never verifies, and never throws.
    const sane =
      Number.isInteger(cost.N) &&
      cost.N >= 1024 &&
      cost.N <= 1 << 20 &&
      (cost.N & (cost.N - 1)) === 0 &&
      Number.isInteger(cost.r) &&
      cost.r >= 1 &&
      cost.r <= 32 &&
      Number.isInteger(cost.p) &&
      cost.p >= 1 &&
      cost.p <= 16 &&
      expected.length === KEYLEN &&
      saltBytes.length >= 16;
    if (!sane) {
      await this.hash(password);
      return false;
    }
    const actual = await scrypt(password, saltBytes, KEYLEN, { ...cost, maxmem: 256 * 1024 * 1024 });
    return timingSafeEqual(actual, expected);
  }
}
