import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/server-process';
import { WeappStandIn, pagesOf, renderPage } from '../helpers/weapp-standin';

const BUILD = process.env.WEAPP_DIR ?? join(ROOT, 'miniprogram/dist/weapp');
const KB = 1024;
/** Our goal for the main package (WeChat's own cap is 2 MB). */
const MAIN_PACKAGE_GOAL = 600 * KB;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const built = existsSync(join(BUILD, 'app.json'));
if (!built && !process.env.CI) {
  process.stderr.write(`\n!!! no weapp build at ${BUILD} (npm run build): SKIPPING the weapp checks. !!!\n`);
}

(built || process.env.CI ? describe : describe.skip)('the WeChat build (miniprogram/dist/weapp)', () => {
  it('exists (npm run build)', () => {
    expect(existsSync(join(BUILD, 'app.json'))).toBe(true);
  });

  it('registers the App, then every page app.json lists, each with its template and config', () => {
    const standIn = new WeappStandIn(BUILD);
    standIn.load('app');
    expect(standIn.registered.app).toHaveLength(1);
    expect(typeof standIn.registered.app[0]?.onLaunch).toBe('function');

    const { main, subpackages } = pagesOf(BUILD);
    const all = [...main, ...subpackages.flatMap((s) => s.pages)];
    expect(all.length).toBeGreaterThanOrEqual(11);
    for (const page of all) {
      standIn.load(page);
      const configs = standIn.registered.pages.get(`${page}.js`) ?? standIn.registered.components.get(`${page}.js`);
      expect({ page, registered: configs?.length ?? 0 }).toEqual({ page, registered: 1 });
      const config = configs?.[0] ?? {};
      expect({ page, onLoad: typeof config.onLoad }).toEqual({ page, onLoad: 'function' });
      for (const ext of ['wxml', 'json']) expect(existsSync(join(BUILD, `${page}.${ext}`))).toBe(true);
    }
  });

  it('renders every page: onLoad sends a non-empty tree to the template (no network: pages show their error state)', async () => {
    const standIn = new WeappStandIn(BUILD);
    standIn.load('app');
    const app = standIn.registered.app[0] as { onLaunch: (this: unknown, o: unknown) => void };
    app.onLaunch.call(app, { path: 'pages/index/index', query: {} });
    const { main, subpackages } = pagesOf(BUILD);
    for (const page of [...main, ...subpackages.flatMap((s) => s.pages)]) {
      const rendered = await renderPage(standIn, page);
      expect({ page, texts: rendered.texts().length > 0 }).toEqual({ page, texts: true });
    }
    expect((await renderPage(standIn, 'pages/bind/index')).texts()).toContain('绑定企业');
  });

  it(`keeps the main package under ${MAIN_PACKAGE_GOAL / KB} KB, with each area in its own subpackage`, () => {
    const { subpackages } = pagesOf(BUILD);
    const roots = subpackages.map((s) => s.root.replace(/\/$/, ''));
    const sizes = new Map<string, number>([['main', 0], ...roots.map((r): [string, number] => [r, 0])]);
    for (const file of files(BUILD)) {
      if (file.endsWith('.LICENSE.txt') || file.endsWith('.map')) continue;
      const rel = relative(BUILD, file);
      const pkg = roots.find((r) => rel.startsWith(`${r}/`)) ?? 'main';
      sizes.set(pkg, (sizes.get(pkg) ?? 0) + statSync(file).size);
    }
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(
      `weapp package sizes: ${[...sizes].map(([k, v]) => `${k} ${(v / KB).toFixed(1)} KB`).join(', ')}; ` +
        `total ${(total / KB).toFixed(1)} KB\n`,
    );
    expect(sizes.get('main')).toBeLessThan(MAIN_PACKAGE_GOAL);
    for (const r of roots) expect(sizes.get(r)).toBeGreaterThan(0);
  });
});
