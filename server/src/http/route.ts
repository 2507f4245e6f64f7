import type { z } from 'zod';
import type { PermissionCode } from '@app/shared';
import type { Principal } from '../modules/access/principal';
import type { AppContext } from './context';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** `points` requests per `durationSec`, counted per user (authenticated) or per client IP. */
export interface RateLimitRule {
  points: number;
  durationSec: number;
  by: 'user' | 'ip';
}

export interface AuditSpec {
  module: string;
  action: string;
  targetType?: string;
  /** Which id the log names; default: the `:id` path parameter, else an `id`-like field of the result. */
  target?: (params: unknown, result: unknown, principal: Principal | null) => string | number | null;
  /** Who acted, for public routes whose result reveals it (login). */
  actor?: (result: unknown) => { userId: number; username: string | null } | null;
}

interface RouteMeta {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  description?: string;
  /** Extra limits on top of the default; several rules must all pass (e.g. per user AND per IP). */
  rateLimit?: readonly RateLimitRule[];
  successMessage?: string;
  /** Every write route names what its operation-log entry says. */
  audit?: AuditSpec;
  /** A multipart/form-data file upload (the handler reads it with `readMultipartFile`), for the docs. */
  upload?: {
    field: string;
    description: string;
    /** Optional text fields sent with the file: name → allowed values and description. */
    fields?: Record<string, { description: string; enum?: readonly string[] }>;
  };
  /** The answer is a file of this type instead of a JSON envelope, for the docs. */
  produces?: string;
  /**
   * Honours an `Idempotency-Key` header: the same key (per user) replays the first answer; the same key with
   * another body answers 422 IDEMPOTENCY_KEY_REUSED.
   */
  idempotent?: boolean;
}

export interface RouteSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerInput<B, Q, P, U> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  principal: U;
  ctx: AppContext;
}

/** What the router hands to a route after parsing each part with the route's own schemas. */
export interface RawHandlerInput {
  body: unknown;
  query: unknown;
  params: unknown;
  principal: Principal | null;
  ctx: AppContext;
}

/** A route with its types erased: what the router, OpenAPI generator and authz matrix read. */
export interface RouteSpec extends RouteMeta {
  auth: 'public' | 'required';
  permission?: PermissionCode;
  /** Only this kind of user may call the route (e.g. WeChat users for bind-company). */
  userType?: 'staff' | 'wechat';
  schemas: RouteSchemas;
  invoke(input: RawHandlerInput): Promise<unknown>;
}

type Schemas<B, Q, P, R> = { body?: B; query?: Q; params?: P; response?: R };

export interface AuthedRouteDef<B, Q, P, R> extends RouteMeta, Schemas<B, Q, P, R> {
  permission?: PermissionCode;
  userType?: 'staff' | 'wechat';
  handler(input: HandlerInput<B, Q, P, Principal>): Promise<Out<R>>;
}

export interface PublicRouteDef<B, Q, P, R> extends RouteMeta, Schemas<B, Q, P, R> {
  handler(input: HandlerInput<B, Q, P, null>): Promise<Out<R>>;
}

type Z = z.ZodType | undefined;

/** An authenticated route. Input is validated by the router before `handler` runs. */
export function route<
  B extends Z = undefined,
  Q extends Z = undefined,
  P extends Z = undefined,
  R extends Z = undefined,
>(def: AuthedRouteDef<B, Q, P, R>): RouteSpec {
  const { handler, body, query, params, response, ...meta } = def;
  return {
    ...meta,
    auth: 'required',
    schemas: { body, query, params, response },
    invoke: (input) => {
      if (!input.principal) throw new Error(`route ${def.path} invoked without a principal`);
      return handler({ ...input, principal: input.principal } as HandlerInput<B, Q, P, Principal>);
    },
  };
}

export function publicRoute<
  B extends Z = undefined,
  Q extends Z = undefined,
  P extends Z = undefined,
  R extends Z = undefined,
>(def: PublicRouteDef<B, Q, P, R>): RouteSpec {
  const { handler, body, query, params, response, ...meta } = def;
  return {
    ...meta,
    auth: 'public',
    schemas: { body, query, params, response },
    invoke: (input) => handler({ ...input, principal: null } as HandlerInput<B, Q, P, null>),
  };
}
