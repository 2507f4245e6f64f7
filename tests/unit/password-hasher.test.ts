import { PasswordHasher } from '@app/server/src/platform/password-hasher';

describe(PasswordHasher.name, () => {
  const hasher = new PasswordHasher({ N: 1024, r: 8, p: 1 });

  it('verifies the right password', async () => {
    const stored = await hasher.hash('correct horse');
    await expect(hasher.verify('correct horse', stored)).resolves.toBe(true);
  });

  it('refuses a wrong password', async () => {
    const stored = await hasher.hash('correct horse');
    await expect(hasher.verify('correct horsE', stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('stores the algorithm and cost with the hash: scrypt$N$r$p$salt$hash', async () => {
    const stored = await hasher.hash('pw');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
  });

  it('salts: two hashes of one password differ, and both verify', async () => {
    const a = await hasher.hash('same password');
    const b = await hasher.hash('same password');
    expect(a).not.toBe(b);
    await expect(hasher.verify('same password', a)).resolves.toBe(true);
    await expect(hasher.verify('same password', b)).resolves.toBe(true);
  });

  it('verifies a hash made with another cost, read from the hash itself', async () => {
    const stored = await new PasswordHasher({ N: 2048, r: 4, p: 1 }).hash('pw');
    await expect(hasher.verify('pw', stored)).resolves.toBe(true);
  });

  it.each([null, '', 'not-a-hash', 'bcrypt$10$abc$def$ghi$jkl', 'scrypt$1024$8$1$onlyfive'])(
    'answers false for the stored hash %p',
    async (stored) => {
      await expect(hasher.verify('pw', stored)).resolves.toBe(false);
    },
  );

  // BUG (server/src/platform/password-hasher.ts, verify): an empty hash part decodes to a 0-byte
  // `expected`; scrypt is then asked for 0 bytes, and `0 === 0 && timingSafeEqual(<>, <>)` is true.
  // A truncated/corrupt stored hash therefore accepts ANY password.
  it('refuses every password for a stored hash whose hash part is empty', async () => {
    await expect(hasher.verify('any password at all', 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0$')).resolves.toBe(false);
  });

  // BUG (same file, verify): only the shape is checked, so non-numeric cost fields reach scrypt,
  // which throws ERR_OUT_OF_RANGE; verify rejects instead of answering false (a login 500s, not 401).
  it('answers false (does not throw) for a stored hash with non-numeric cost fields', async () => {
    await expect(hasher.verify('pw', 'scrypt$x$y$z$c2FsdA$aGFzaA')).resolves.toBe(false);
  });
});
