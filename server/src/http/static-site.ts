import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Middleware } from 'koa';
import type { AppState } from './context';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** CSP hashes of the page's inline scripts (Taro's H5 template sets the root font size inline). */
function inlineScriptHashes(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
  );
}

function readIndex(base: string): string {
  try {
    return readFileSync(join(base, 'index.html'), 'utf8');
  } catch {
    return '';
  }
}

/** Text worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg']);
/** Files smaller than this are sent as they are (gzip's header would not pay for itself). */
const MIN_GZIP_BYTES = 1024;

interface Asset {
  raw: Buffer;
  gzip: Buffer | null;
  mtimeMs: number;
}

/**
 * Serves the mini-program's H5 build at `/` (GET only, never under /api, no path escapes). Text files are sent
 * gzipped to clients that accept it (the first H5 load is ~3× smaller), compressed once per file version and kept
 * in memory: the build is a few hundred KB.
 */
export function staticSite(root: string): Middleware<AppState> {
  const base = normalize(root);
  const hashes = inlineScriptHashes(readIndex(base)).join(' ');
  const assets = new Map<string, Asset>();
  const load = async (file: string, mtimeMs: number): Promise<Asset> => {
    const known = assets.get(file);
    if (known && known.mtimeMs === mtimeMs) return known;
    const raw = await readFile(file);
    const gzip = COMPRESSIBLE.has(extname(file)) && raw.length >= MIN_GZIP_BYTES ? gzipSync(raw) : null;
    const asset = { raw, gzip: gzip && gzip.length < raw.length ? gzip : null, mtimeMs };
    assets.set(file, asset);
    return asset;
  };
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.path.startsWith('/api/')) return next();
    if (ctx.path === '/favicon.ico') {
      ctx.status = 204;
      return;
    }
    const rel = ctx.path === '/' ? 'index.html' : decodeURIComponent(ctx.path).replace(/^\/+/, '');
    const file = normalize(join(base, rel));
    if (!file.startsWith(base + sep)) return next();
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return next();
    ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', rel === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    const csp = ctx.response.get('Content-Security-Policy');
    if (rel === 'index.html' && hashes && typeof csp === 'string') {
      ctx.set('Content-Security-Policy', csp.replace("script-src 'self'", `script-src 'self' ${hashes}`));
    }
    const asset = await load(file, info.mtimeMs);
    if (asset.gzip) {
      ctx.vary('Accept-Encoding');
      if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
        ctx.set('Content-Encoding', 'gzip');
        ctx.body = asset.gzip;
        return;
      }
    }
    ctx.body = asset.raw;
  };
}
