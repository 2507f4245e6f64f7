import { z } from 'zod';
import { ERROR_TABLE } from '@app/shared';
import type { RouteSpec } from './route';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Koa-style `/api/users/:id` → OpenAPI `/api/users/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(route: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.schemas.params],
    ['query', route.schemas.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'output');
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries(props)) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (required.has(name) && prop.default === undefined),
        schema: prop,
      });
    }
  }
  return out;
}

function envelope(data: JsonSchema | undefined): JsonSchema {
  return {
    type: 'object',
    required: ['success', 'code', 'message', 'data', 'timestamp'],
    properties: {
      success: { const: true },
      code: { type: 'integer', const: 200 },
      message: { type: 'string' },
      data: data ?? {},
      timestamp: { type: 'integer', description: 'epoch milliseconds' },
    },
  };
}

/** OpenAPI 3.1 built from the route table and its zod schemas: the docs cannot drift from the code. */
export function buildOpenApi(routes: RouteSpec[], info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const op: JsonSchema = {
      tags: [route.tag],
      summary: route.summary,
      operationId: `${route.method}_${route.path.replace(/[^A-Za-z0-9]+/g, '_')}`,
      parameters: parameters(route),
      responses: {
        '200': {
          description: route.successMessage ?? 'OK',
          content: {
            'application/json': {
              schema: envelope(route.schemas.response ? toSchema(route.schemas.response, 'output') : undefined),
            },
          },
        },
        default: {
          description: '失败',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
        },
      },
    };
    const notes: string[] = [];
    if (route.permission) notes.push(`权限：\`${route.permission}\``);
    if (route.userType) notes.push(`仅限 ${route.userType === 'wechat' ? '微信用户' : '员工'}`);
    for (const r of route.rateLimit ?? [])
      notes.push(`限流：${r.points} 次 / ${r.durationSec} 秒（按${r.by === 'user' ? '用户' : 'IP'}）`);
    if (notes.length) op.description = notes.join('；');
    if (route.auth === 'required') op.security = [{ bearerAuth: [] }];
    if (route.idempotent) {
      notes.push('支持 Idempotency-Key：同一 Key 重放首次应答，不同请求体返回 422');
      op.description = notes.join('；');
      (op.parameters as unknown[]).push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 128 },
        description: '同一用户同一 Key 在 24 小时内只执行一次',
      });
    }
    if (route.upload) {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: [route.upload.field],
              properties: {
                [route.upload.field]: {
                  type: 'string',
                  contentMediaType: 'application/octet-stream',
                  description: route.upload.description,
                },
                ...Object.fromEntries(
                  Object.entries(route.upload.fields ?? {}).map(([name, f]) => [
                    name,
                    { type: 'string', description: f.description, ...(f.enum ? { enum: [...f.enum] } : {}) },
                  ]),
                ),
              },
            },
          },
        },
      };
    }
    if (route.produces) {
      (op.responses as Record<string, unknown>)['200'] = {
        description: '文件',
        content: { [route.produces]: { schema: { type: 'string', contentMediaType: route.produces } } },
      };
    }
    if (route.schemas.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.schemas.body, 'input') } },
      };
    }
    (paths[openApiPath(route.path)] ??= {})[route.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        '统一响应信封：success/code/message/data/timestamp；失败时 error.code 取值见 Failure 模式（components.schemas.Failure）。',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Failure: {
          type: 'object',
          required: ['success', 'code', 'message', 'error', 'timestamp'],
          properties: {
            success: { const: false },
            code: { type: 'integer' },
            message: { type: 'string' },
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { enum: Object.keys(ERROR_TABLE) }, message: { type: 'string' }, details: {} },
            },
            timestamp: { type: 'integer' },
          },
        },
      },
    },
  };
}
