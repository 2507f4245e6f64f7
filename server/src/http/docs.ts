import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type Router from '@koa/router';
import type { AppState } from './context';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
};
const ASSETS = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'index.css',
]);

const INDEX = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>API 文档</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`;

/** `/api/openapi.json` and a self-hosted Swagger UI at `/api/docs` (no CDN: works offline), on the app's router. */
export function addDocsRoutes(router: Router<AppState>, spec: () => unknown): void {
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = spec();
  });
  router.get('/api/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = INDEX;
  });
  router.get('/api/docs/init.js', (ctx) => {
    ctx.type = TYPES['.js'];
    ctx.body = INIT;
  });
  router.get('/api/docs/:asset', async (ctx, next) => {
    const asset = ctx.params.asset;
    if (!ASSETS.has(asset)) return next();
    ctx.type = TYPES[extname(asset)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = await readFile(join(dir, asset));
  });
}
