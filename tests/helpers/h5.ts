import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './server-process';
import { startTestApp, type TestApp } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The H5 build under test (`npm run build` writes it; H5_DIR points elsewhere, e.g. a preview build). */
export const H5_DIR = resolve(process.env.H5_DIR ?? join(ROOT, 'miniprogram/dist/h5'));
/** Screenshots of every page, 375×812 (looked at by hand; the key ones are copied to docs/screenshots). */
export const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR ?? join(ROOT, 'tests/e2e/screenshots'));

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the H5 tests cannot run here, or null. */
export function h5Missing(): string | null {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(join(H5_DIR, 'index.html'))) return `no H5 build at ${H5_DIR} (npm run build)`;
  return null;
}

/** `describe`, when Chromium and the H5 build are here; otherwise a loud skip, and in CI a failure. */
export function describeH5(name: string, body: () => void): void {
  const missing = h5Missing();
  if (!missing) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('has Chromium and the H5 build', () => {
        throw new Error(missing);
      });
    });
    return;
  }
  process.stderr.write(`\n!!! ${missing}: SKIPPING "${name}". !!!\n`);
  describe.skip(name, body);
}

/** The real app on a fresh database, serving the H5 build at `/` (WeChat in mock mode: `mock:<name>` logins). */
export function startH5App(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ STATIC_DIR: H5_DIR, WECHAT_MODE: 'mock', ...env });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export interface Phone {
  page: Page;
  /** Uncaught errors of the page (a test expects none). */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh phone-sized browser context (its own storage: one WeChat user). */
export async function phone(browser: Browser): Promise<Phone> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors, close: () => context.close() };
}

/** Saves a screenshot of what the page shows now as `<name>.png`. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Opens the app, signs in on the H5 sign-in page as `name`; answers when the next page (bind or home) shows. */
export async function signInH5(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('input[name="name"]').waitFor();
  await page.locator('input[name="name"]').fill(name);
  await page.getByText('登录', { exact: true }).last().click();
}

/** Binds the signed-in user with an invite code on the bind page. */
export async function bindH5(page: Page, inviteCode: string): Promise<void> {
  await page.locator('input[name="inviteCode"]').waitFor();
  await page.locator('input[name="inviteCode"]').fill(inviteCode);
  await page.getByText('绑定', { exact: true }).last().click();
}

/** The text of the element with this data-testid, once it shows. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const el = page.getByTestId(testId).first();
  await el.waitFor();
  return (await el.textContent()) ?? '';
}
