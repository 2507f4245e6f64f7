import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('the H5 site served at /', () => {
  let t: TestApp;
  let dir: string;
  const inline = 'document.documentElement.style.fontSize="20px"';
  const big = `${'function f(){return "订单进度";}\n'.repeat(400)}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'odp-site-'));
    mkdirSync(join(dir, 'js'));
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head><script>${inline}</script></head><body>订单进度</body></html>`,
    );
    writeFileSync(join(dir, 'js', 'app.123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'js', 'vendors.456.js'), big);
    writeFileSync(join(tmpdir(), 'odp-outside.txt'), 'secret');
    t = await startTestApp({ STATIC_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with a CSP that allows exactly its inline script', async () => {
    const res = await t.http.get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('订单进度');
    expect(res.headers['cache-control']).toBe('no-cache');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(inline).digest('base64');
    expect(res.headers['content-security-policy']).toContain(`script-src 'self' 'sha256-${hash}'`);
    // A chosen photo is shown and uploaded from a blob: URL (Taro H5); nothing else from elsewhere.
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: blob:");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self' blob:");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves hashed assets as immutable', async () => {
    const res = await t.http.get('/js/app.123.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('sends text assets gzipped to clients that accept it, as they are to others', async () => {
    const zipped = await t.http.get('/js/vendors.456.js').set('Accept-Encoding', 'gzip, deflate, br');
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBeLessThan(Buffer.byteLength(big) / 5);
    expect(zipped.text).toBe(big); // supertest inflates it

    const plain = await t.http.get('/js/vendors.456.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(big);
    // A tiny file is not worth it.
    expect(
      (await t.http.get('/js/app.123.js').set('Accept-Encoding', 'gzip')).headers['content-encoding'],
    ).toBeUndefined();
  });

  it('never serves a file outside its folder, and never shadows the API', async () => {
    for (const path of ['/../odp-outside.txt', '/%2e%2e/odp-outside.txt', '/js/../../odp-outside.txt']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('secret');
    }
    const api = await t.http.get('/api/index.html');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers a missing page in the envelope and the favicon with 204', async () => {
    expect((await t.http.get('/nope.html')).body.error.code).toBe('ROUTE_NOT_FOUND');
    expect((await t.http.get('/favicon.ico')).status).toBe(204);
  });
});
