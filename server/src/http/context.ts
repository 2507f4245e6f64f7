import type { ParameterizedContext } from 'koa';
import type { Principal } from '../modules/access/principal';

/** What middleware puts on ctx.state. */
export interface AppState {
  requestId: string;
  startedAt: number;
  principal?: Principal;
  /** Expiry (epoch ms) of the token that authenticated this request. */
  tokenExpiresAt?: number;
  /** The matched route pattern (e.g. `/api/users/:id`), for logs and metrics. */
  routePath?: string;
  /** Overrides the route's success message for this answer (e.g. "已绑定该企业"). */
  successMessage?: string;
  /** Data to include in a failure envelope (health check). */
  failureData?: unknown;
}

export type AppContext = ParameterizedContext<AppState>;
