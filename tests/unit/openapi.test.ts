import { z } from 'zod';
import { ERROR_TABLE } from '@app/shared';
import { buildOpenApi, openApiPath } from '@app/server/src/http/openapi';
import { publicRoute, route, type RouteSpec } from '@app/server/src/http/route';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Record<string, unknown>;
}
interface JsonBody {
  content: { 'application/json': { schema: Record<string, unknown> } };
}
interface Operation {
  tags: string[];
  summary: string;
  operationId: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters: Parameter[];
  requestBody?: JsonBody & { required: boolean };
  responses: Record<string, JsonBody & { description: string }>;
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: { Failure: { properties: { error: { properties: { code: { enum: string[] } } } } } };
  };
}

const IdParams = z.object({ id: z.coerce.number().int().positive() });

const routes: RouteSpec[] = [
  publicRoute({
    method: 'post',
    path: '/api/auth/login',
    summary: '员工登录',
    tag: 'auth',
    successMessage: '登录成功',
    body: z.object({ username: z.string().min(1), password: z.string().min(1) }),
    response: z.object({ token: z.string() }),
    handler: async () => ({ token: 't' }),
  }),
  route({
    method: 'get',
    path: '/api/users',
    summary: '用户列表',
    tag: 'users',
    permission: 'users.read',
    query: z.object({
      page: z.coerce.number().int().min(1).default(1),
      keyword: z.string().optional(),
      status: z.enum(['active', 'disabled']),
    }),
    handler: async () => undefined,
  }),
  route({
    method: 'get',
    path: '/api/users/:id',
    summary: '用户详情',
    tag: 'users',
    permission: 'users.read',
    params: IdParams,
    handler: async () => undefined,
  }),
  route({
    method: 'put',
    path: '/api/users/:id',
    summary: '修改用户',
    tag: 'users',
    permission: 'users.update',
    rateLimit: [{ points: 5, durationSec: 60, by: 'user' }],
    params: IdParams,
    body: z.object({ name: z.string().max(50).optional(), isActive: z.boolean() }),
    handler: async () => undefined,
  }),
  route({
    method: 'post',
    path: '/api/user/bind-company',
    summary: '绑定企业',
    tag: 'wechat',
    userType: 'wechat',
    handler: async () => undefined,
  }),
];

describe(openApiPath.name, () => {
  it.each([
    ['/api/users/:id', '/api/users/{id}'],
    ['/api/roles/:roleId/permissions', '/api/roles/{roleId}/permissions'],
    ['/api/a/:first_id/b/:second', '/api/a/{first_id}/b/{second}'],
    ['/api/users', '/api/users'],
  ])('turns %s into %s', (koa, openapi) => {
    expect(openApiPath(koa)).toBe(openapi);
  });
});

describe(buildOpenApi.name, () => {
  const doc = buildOpenApi(routes, { title: 'Order delivery API', version: '1.2.3' }) as unknown as OpenApiDoc;
  const op = (path: string, method: string): Operation => {
    const operation = doc.paths[path]?.[method];
    if (!operation) throw new Error(`no ${method} ${path} in the document`);
    return operation;
  };

  it('is an OpenAPI 3.1.0 document with the given title and version', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Order delivery API', version: '1.2.3' });
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('lists every route under its OpenAPI path, methods of one path together', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/auth/login',
      '/api/user/bind-company',
      '/api/users',
      '/api/users/{id}',
    ]);
    expect(Object.keys(doc.paths['/api/users/{id}']).sort()).toEqual(['get', 'put']);
    expect(op('/api/users/{id}', 'put')).toMatchObject({ summary: '修改用户', tags: ['users'] });
  });

  it('gives every operation a distinct operationId', () => {
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId));
    expect(ids).toHaveLength(routes.length);
    expect(new Set(ids).size).toBe(routes.length);
  });

  it('requires the bearer token on authenticated routes only', () => {
    expect(op('/api/users', 'get').security).toEqual([{ bearerAuth: [] }]);
    expect(op('/api/users/{id}', 'put').security).toEqual([{ bearerAuth: [] }]);
    expect(op('/api/auth/login', 'post').security).toBeUndefined();
  });

  it('describes the request body from the body schema', () => {
    const login = op('/api/auth/login', 'post').requestBody;
    expect(login?.required).toBe(true);
    expect(login?.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
      required: ['username', 'password'],
    });
    const update = op('/api/users/{id}', 'put').requestBody?.content['application/json'].schema;
    expect(update).toMatchObject({ properties: { name: { maxLength: 50 }, isActive: { type: 'boolean' } } });
    expect(update?.required).toEqual(['isActive']);
    expect(op('/api/users', 'get').requestBody).toBeUndefined();
  });

  it('lists query parameters from the query schema; a defaulted or optional one is not required', () => {
    const params = op('/api/users', 'get').parameters;
    expect(params).toEqual([
      { name: 'page', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', default: 1 }) },
      { name: 'keyword', in: 'query', required: false, schema: expect.objectContaining({ type: 'string' }) },
      {
        name: 'status',
        in: 'query',
        required: true,
        schema: expect.objectContaining({ enum: ['active', 'disabled'] }),
      },
    ]);
  });

  it('lists path parameters as required', () => {
    expect(op('/api/users/{id}', 'get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: expect.objectContaining({ type: 'integer' }) },
    ]);
  });

  it('notes the permission, the user type and the rate limits in the description', () => {
    expect(op('/api/users', 'get').description).toBe('权限：`users.read`');
    expect(op('/api/users/{id}', 'put').description).toBe('权限：`users.update`；限流：5 次 / 60 秒（按用户）');
    expect(op('/api/user/bind-company', 'post').description).toBe('仅限 微信用户');
    expect(op('/api/auth/login', 'post').description).toBeUndefined();
  });

  it('wraps the response schema in the success envelope and points failures at Failure', () => {
    const login = op('/api/auth/login', 'post').responses;
    expect(login['200'].description).toBe('登录成功');
    expect(login['200'].content['application/json'].schema).toMatchObject({
      required: ['success', 'code', 'message', 'data', 'timestamp'],
      properties: { success: { const: true }, data: { type: 'object', properties: { token: { type: 'string' } } } },
    });
    expect(login.default.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Failure' });
    expect(doc.components.schemas.Failure.properties.error.properties.code.enum).toEqual(Object.keys(ERROR_TABLE));
  });

  it('is plain JSON (no functions or zod objects leak into it)', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
