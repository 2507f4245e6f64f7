import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** What the build registered with the stand-in: the App, and each Page/Component by the file that called it. */
export interface Registrations {
  app: Record<string, unknown>[];
  pages: Map<string, Record<string, unknown>[]>;
  components: Map<string, Record<string, unknown>[]>;
  /** wx APIs the code called that the stand-in does not implement. */
  unknownApis: Set<string>;
}

/** The few wx APIs the Taro runtime reads while loading (values of a 375-wide phone). */
function wxStub(unknownApis: Set<string>): Record<string | symbol, unknown> {
  const storage = new Map<string, unknown>();
  const known: Record<string, unknown> = {
    getSystemInfoSync: () => ({
      windowWidth: 375,
      windowHeight: 812,
      screenWidth: 375,
      screenHeight: 812,
      pixelRatio: 2,
      platform: 'devtools',
      SDKVersion: '3.4.0',
      version: '8.0.50',
      language: 'zh_CN',
    }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2, screenWidth: 375, screenHeight: 812 }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'iOS 17.0' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.4.0', version: '8.0.50', language: 'zh_CN' }),
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    canIUse: () => true,
    // No network, no WeChat account: calls fail the way WeChat fails them, and the pages show their error state.
    request: (o: { fail?: (e: unknown) => void; complete?: () => void }) =>
      setTimeout(() => (o.fail?.({ errMsg: 'request:fail stand-in has no network' }), o.complete?.()), 0),
    login: (o: { fail?: (e: unknown) => void; complete?: () => void }) =>
      setTimeout(() => (o.fail?.({ errMsg: 'login:fail stand-in' }), o.complete?.()), 0),
    showToast: () => undefined,
    stopPullDownRefresh: () => undefined,
    nextTick: (fn: () => void) => void Promise.resolve().then(fn),
  };
  return new Proxy(known, {
    get(target, key) {
      if (key in target) return target[key as string];
      if (typeof key === 'string') unknownApis.add(key);
      return undefined;
    },
  });
}

/**
 * Loads a WeChat mini-program build the way the WeChat runtime does as far as registration goes: each file a
 * CommonJS module with `require` relative to it, globals `wx`, `App`, `Page`, `Component`, `getApp`,
 * `getCurrentPages`. It records what was registered; it renders nothing.
 */
export class WeappStandIn {
  readonly registered: Registrations = {
    app: [],
    pages: new Map(),
    components: new Map(),
    unknownApis: new Set(),
  };
  private readonly cache = new Map<string, { exports: unknown }>();
  private readonly loading: string[] = [];
  private readonly wx: Record<string | symbol, unknown>;
  private appInstance: Record<string, unknown> | null = null;

  constructor(private readonly root: string) {
    this.wx = wxStub(this.registered.unknownApis);
  }

  /** Loads `file` (relative to the build root, with or without `.js`). */
  load(file: string): unknown {
    return this.require(resolve(this.root, file.endsWith('.js') ? file : `${file}.js`));
  }

  private require(path: string): unknown {
    const cached = this.cache.get(path);
    if (cached) return cached.exports;
    if (!existsSync(path)) throw new Error(`require: ${relative(this.root, path)} is not in the build`);
    const module = { exports: {} as unknown };
    this.cache.set(path, module);
    const code = readFileSync(path, 'utf8');
    const localRequire = (p: string) => this.require(resolve(dirname(path), p.endsWith('.js') ? p : `${p}.js`));
    const record = (into: Map<string, Record<string, unknown>[]>) => (config: Record<string, unknown>) => {
      const by = relative(this.root, this.loading[this.loading.length - 1] ?? path);
      into.set(by, [...(into.get(by) ?? []), config]);
    };
    const fn = new Function(
      'require',
      'module',
      'exports',
      'wx',
      'App',
      'Page',
      'Component',
      'Behavior',
      'getApp',
      'getCurrentPages',
      'requirePlugin',
      code,
    ) as (...args: unknown[]) => void;
    this.loading.push(path);
    try {
      fn(
        localRequire,
        module,
        module.exports,
        this.wx,
        (config: Record<string, unknown>) => {
          this.registered.app.push(config);
          this.appInstance = config;
        },
        record(this.registered.pages),
        record(this.registered.components),
        (b: unknown) => b,
        () => this.appInstance,
        () => [],
        () => ({}),
      );
    } finally {
      this.loading.pop();
    }
    return module.exports;
  }
}

/** What a page sent to its template through setData, merged (the stand-in's view of the rendered page). */
export interface RenderedPage {
  frames: Record<string, unknown>[];
  /** Every text of the rendered tree, in order. */
  texts(): string[];
}

function textsOf(node: unknown, out: string[]): void {
  if (Array.isArray(node)) node.forEach((n) => textsOf(n, out));
  else if (node && typeof node === 'object') {
    const n = node as { v?: unknown; cn?: unknown };
    if (typeof n.v === 'string' && n.v.trim()) out.push(n.v);
    textsOf(n.cn, out);
  }
}

const RENDER_WAIT_MS = 5000;

/** Loads a page of the started app and runs its onLoad on a page instance whose setData is recorded. */
export async function renderPage(standIn: WeappStandIn, page: string): Promise<RenderedPage> {
  const app = standIn.registered.app[0] as { onLaunch?: (this: unknown, o: unknown) => void } | undefined;
  if (!app) throw new Error('load the app first');
  standIn.load(page);
  const config = standIn.registered.pages.get(`${page}.js`)?.[0];
  if (!config) throw new Error(`${page} registered no Page`);
  const frames: Record<string, unknown>[] = [];
  const instance: Record<string, unknown> = {
    ...config,
    route: page,
    setData(data: Record<string, unknown>, done?: () => void) {
      frames.push(data);
      done?.();
    },
    selectComponent: () => null,
  };
  (config.onLoad as (this: unknown, query: unknown) => void).call(instance, {});
  const rendered: RenderedPage = {
    frames,
    texts() {
      const out: string[] = [];
      for (const f of frames) for (const [k, v] of Object.entries(f)) if (k.startsWith('root')) textsOf(v, out);
      return out;
    },
  };
  // React renders asynchronously: wait for the first frame with text, a few seconds at most (a busy machine).
  for (const started = Date.now(); rendered.texts().length === 0 && Date.now() - started < RENDER_WAIT_MS;) {
    await new Promise((ok) => setTimeout(ok, 20));
  }
  return rendered;
}

/** The pages app.json lists, main package and subpackages, as paths relative to the build root. */
export function pagesOf(root: string): { main: string[]; subpackages: { root: string; pages: string[] }[] } {
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as {
    pages: string[];
    subPackages?: { root: string; pages: string[] }[];
    subpackages?: { root: string; pages: string[] }[];
  };
  const subs = app.subPackages ?? app.subpackages ?? [];
  return {
    main: app.pages,
    subpackages: subs.map((s) => ({ root: s.root, pages: s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`) })),
  };
}
