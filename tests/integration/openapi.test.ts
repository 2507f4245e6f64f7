import type { Response } from 'supertest';
import type { HttpMethod, RouteSpec } from '@app/server/src/http/route';
import { expectFailure } from '../helpers/envelope';
import { startTestApp, type TestApp } from '../helpers/test-app';

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  requestBody?: { required: boolean; content: Record<string, unknown> };
  responses: Record<string, unknown>;
}

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
}

const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'delete', 'patch'];

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
/** A concrete URL for an OpenAPI path: every `{param}` becomes 1. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '1');

function operations(doc: OpenApiDoc): { method: HttpMethod; path: string; op: Operation }[] {
  const out: { method: HttpMethod; path: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) out.push({ method, path, op });
    }
  }
  return out;
}

describe('OpenAPI document and Swagger UI', () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  let routes: RouteSpec[];
  beforeAll(async () => {
    t = await startTestApp();
    routes = t.container.routes;
    const res = await t.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as OpenApiDoc;
  });
  afterAll(() => t.close());

  const send = (method: HttpMethod, url: string): Promise<Response> => t.http[method](url);

  it('serves OpenAPI 3.1.0 as JSON with the bearer scheme', async () => {
    const res = await t.http.get('/api/openapi.json');
    expect(res.type).toBe('application/json');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(routes.length).toBeGreaterThan(10);
  });

  it('is a valid OpenAPI 3.1 document (checked against the official schema)', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Parameters<typeof validator.validate>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents exactly the operations of the route table', () => {
    const documented = operations(doc)
      .map(({ method, path }) => key(method, path))
      .sort();
    const declared = routes.map((r) => key(r.method, toOpenApiPath(r.path))).sort();
    expect(new Set(declared).size).toBe(declared.length);
    expect(documented).toEqual(declared);
    expect(documented).toEqual(expect.arrayContaining(['GET /api/factories/{id}', 'POST /api/auth/login']));
  });

  it('gives every operation a unique operationId, a summary and a failure response', () => {
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, op } of operations(doc)) {
      expect({ at: key(method, path), summary: typeof op.summary }).toEqual({
        at: key(method, path),
        summary: 'string',
      });
      expect(Object.keys(op.responses).sort()).toEqual(['200', 'default']);
    }
  });

  it('serves every documented operation: none answers 404 ROUTE_NOT_FOUND or 405', async () => {
    const answers: string[] = [];
    const expected: string[] = [];
    for (const { method, path } of operations(doc)) {
      const res = await send(method, concrete(path));
      const body = res.body as { code?: number; error?: { code?: string } };
      expect(body.code).toBe(res.status);
      const route = routes.find((r) => r.method === method && toOpenApiPath(r.path) === path);
      answers.push(`${key(method, path)} → ${res.status} ${body.error?.code ?? 'OK'}`);
      // Without a token an authenticated route answers 401 (the router found it); a public one runs.
      if (route?.auth === 'required') expected.push(`${key(method, path)} → 401 UNAUTHORIZED`);
      else {
        expect(res.status).not.toBe(405);
        expect(body.error?.code).not.toBe('ROUTE_NOT_FOUND');
        expected.push(answers[answers.length - 1]);
      }
    }
    expect(answers).toEqual(expected);
    expect(answers).toContain('GET /api/health/check → 200 OK');
  });

  it('answers 405 for every documented path with a method it does not declare, and 404 off the table', async () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const undeclared = METHODS.find((m) => item[m] === undefined);
      if (!undeclared) continue;
      expectFailure(await send(undeclared, concrete(path)), 405, 'METHOD_NOT_ALLOWED');
    }
    expectFailure(await send('get', '/api/factories/1/nothing'), 404, 'ROUTE_NOT_FOUND');
    expectFailure(await send('post', '/api/undocumented'), 404, 'ROUTE_NOT_FOUND');
  });

  it('marks exactly the authenticated routes with bearer security', () => {
    for (const route of routes) {
      const op = doc.paths[toOpenApiPath(route.path)]?.[route.method];
      const expected = route.auth === 'required' ? [{ bearerAuth: [] }] : undefined;
      expect({ at: key(route.method, route.path), security: op?.security }).toEqual({
        at: key(route.method, route.path),
        security: expected,
      });
    }
    expect(routes.filter((r) => r.auth === 'public').map((r) => key(r.method, r.path))).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/wx-login', 'GET /api/health/check']),
    );
  });

  it('names each route’s permission and extra rate limits in its description, and documents request bodies', () => {
    for (const route of routes) {
      const op = doc.paths[toOpenApiPath(route.path)]?.[route.method];
      const at = key(route.method, route.path);
      if (route.permission)
        expect({ at, description: op?.description }).toEqual({
          at,
          description: expect.stringContaining(route.permission),
        });
      for (const r of route.rateLimit ?? []) {
        expect({ at, description: op?.description }).toEqual({
          at,
          description: expect.stringContaining(`${r.points} 次`),
        });
      }
      expect({ at, body: op?.requestBody !== undefined }).toEqual({
        at,
        body: route.schemas.body !== undefined || route.upload !== undefined,
      });
      if (route.upload) expect(Object.keys(op?.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    }
  });

  it('declares an operation-log (audit) entry for every write route but WeChat login', () => {
    const writes = routes.filter((r) => r.method !== 'get');
    expect(writes.length).toBeGreaterThan(5);
    const unaudited = writes
      .filter((r) => r.audit === undefined)
      .map((r) => key(r.method, r.path))
      .filter((k) => k !== 'POST /api/auth/wx-login');
    expect(unaudited).toEqual([]);
    for (const r of writes.filter((w) => w.audit)) {
      expect(r.audit?.module).toMatch(/^[a-z_]+$/);
      expect(r.audit?.action).toMatch(/^[a-z_]+$/);
    }
  });

  it('serves the Swagger UI page with local assets only', async () => {
    const res = await t.http.get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('swagger-ui');
    expect(res.text).not.toMatch(/https?:\/\//i);
    expect(res.text).not.toMatch(/(src|href)\s*=\s*["']\/\//i);
    const refs = [...res.text.matchAll(/(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
    expect(refs).toEqual(
      expect.arrayContaining(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js', '/api/docs/init.js']),
    );
    for (const ref of refs) {
      expect(ref.startsWith('/api/docs/')).toBe(true);
      expect({ ref, status: (await t.http.get(ref)).status }).toEqual({ ref, status: 200 });
    }
    const init = await t.http.get('/api/docs/init.js');
    expect(init.text).toContain('/api/openapi.json');
  });

  it('serves swagger-ui-bundle.js and swagger-ui.css with the right content types', async () => {
    const js = await t.http.get('/api/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(Number(js.headers['content-length'] ?? js.body.length)).toBeGreaterThan(100_000);
    const css = await t.http.get('/api/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('.swagger-ui');
  });

  it('serves no other file from the docs directory', async () => {
    expectFailure(await t.http.get('/api/docs/package.json'), 404, 'ROUTE_NOT_FOUND');
    expectFailure(await t.http.get('/api/docs/..%2Fpackage.json'), 404, 'ROUTE_NOT_FOUND');
    expectFailure(await t.http.get('/api/docs/%2e%2e%2f%2e%2e%2fpackage.json'), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers another method on the docs paths with 405', async () => {
    expectFailure(await t.http.post('/api/openapi.json').send({}), 405, 'METHOD_NOT_ALLOWED');
    expectFailure(await t.http.delete('/api/docs'), 405, 'METHOD_NOT_ALLOWED');
  });
});
