import type { Browser } from 'playwright-core';
import { seedDemo } from '../helpers/seed';
import type { TestApp } from '../helpers/test-app';
import { bindH5, describeH5, launchChromium, phone, shot, signInH5, startH5App, textOf } from '../helpers/h5';

jest.setTimeout(120_000);

describeH5('the H5 build: start, sign-in and binding', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startH5App();
    await seedDemo(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads the first page with a bounded amount of JavaScript (figure printed)', async () => {
    const { page, errors, close } = await phone(browser);
    try {
      const scripts = new Map<string, { raw: number; wire: number; gzipped: boolean }>();
      page.on('response', async (res) => {
        if (!res.url().endsWith('.js')) return;
        const body = await res.body().catch(() => Buffer.alloc(0));
        const headers = await res.allHeaders();
        scripts.set(res.url(), {
          raw: body.length,
          wire: Number(headers['content-length'] ?? body.length),
          gzipped: headers['content-encoding'] === 'gzip',
        });
      });
      const started = Date.now();
      await page.goto(`${t.baseUrl}/`);
      await page.locator('input[name="name"]').waitFor();
      const shownMs = Date.now() - started;
      const bytes = [...scripts.values()].reduce((a, b) => a + b.raw, 0);
      const wire = [...scripts.values()].reduce((a, b) => a + b.wire, 0);
      process.stdout.write(
        `H5 first load: ${scripts.size} scripts, ${(bytes / 1024).toFixed(1)} KB of JavaScript ` +
          `(${(wire / 1024).toFixed(1)} KB sent, gzip), sign-in shown after ${shownMs} ms\n`,
      );
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThan(1024 * 1024);
      // The large scripts travel gzipped.
      expect([...scripts.values()].filter((s) => s.raw > 10_000).every((s) => s.gzipped)).toBe(true);
      expect(wire).toBeLessThan(bytes / 2);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('sends a new user to sign in, then to binding; a wrong code is explained; the right one opens the orders', async () => {
    const { page, errors, close } = await phone(browser);
    try {
      await page.goto(`${t.baseUrl}/`);
      await page.locator('input[name="name"]').waitFor();
      await shot(page, 'sign-in');
      await signInH5(page, t.baseUrl, 'h5-core-customer');
      await page.locator('input[name="inviteCode"]').waitFor();
      await shot(page, 'bind');

      await bindH5(page, 'NO-SUCH-CODE');
      expect(await textOf(page, 'bind-error')).toMatch(/邀请码无效/);
      await shot(page, 'bind-error');

      await bindH5(page, 'DEMO-HOTEL');
      await page.waitForURL(/customer\/pages\/orders/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
