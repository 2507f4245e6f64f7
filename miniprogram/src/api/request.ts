import Taro from '@tarojs/taro';
import { renewSession, sessionToken } from './session';

/** A failed call as the pages see it: HTTP status, the envelope's error code, and a sentence for a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query;
  data?: unknown;
  /** Send the token and renew it once on 401 (default true). */
  auth?: boolean;
  header?: Record<string, string>;
}

const NETWORK_MESSAGE = '网络不可用，请检查网络后重试';
/** A read that met a network failure is tried again once, after this pause. */
const RETRY_PAUSE_MS = 800;

export function apiUrl(path: string, query?: Query): string {
  const qs = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The response envelope (DESIGN.md), as far as the app reads it. */
interface Envelope<T> {
  success?: boolean;
  data?: T;
  message?: string;
  error?: { code?: string; message?: string; details?: unknown };
}

/** The envelope of any answer: its data on success, an ApiError otherwise. */
export function unwrap<T>(statusCode: number, body: unknown): T {
  const envelope = (typeof body === 'string' ? safeJson(body) : body) as Envelope<T> | null;
  if (envelope && envelope.success === true) return envelope.data as T;
  if (envelope && envelope.success === false) {
    throw new ApiError(
      statusCode,
      envelope.error?.code ?? 'ERROR',
      envelope.error?.message ?? envelope.message ?? '请求失败',
      envelope.error?.details,
    );
  }
  throw new ApiError(statusCode, 'BAD_RESPONSE', statusCode >= 500 ? '服务暂不可用，请稍后重试' : '服务返回异常');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Every network call of the app: base URL, bearer token, envelope unwrapping, one silent re-login on 401,
 * and one retry of a read when the network failed.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const auth = options.auth ?? true;
  let renewed = false;
  for (let attempt = 0; ; attempt += 1) {
    const token = auth ? sessionToken() : null;
    let res: Taro.request.SuccessCallbackResult<Envelope<T> | string>;
    try {
      res = await Taro.request<Envelope<T> | string>({
        url: apiUrl(path, options.query),
        method,
        data: options.data as Record<string, unknown> | undefined,
        header: {
          'content-type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...options.header,
        },
        timeout: 15_000,
      });
    } catch {
      if (method === 'GET' && attempt === 0) {
        await pause(RETRY_PAUSE_MS);
        continue;
      }
      throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
    }
    if (res.statusCode === 401 && auth && !renewed) {
      renewed = true;
      await renewSession();
      continue;
    }
    return unwrap<T>(res.statusCode, res.data);
  }
}

/** A person-readable sentence for any failure. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err && typeof err === 'object' && 'errMsg' in err) return '操作未完成，请重试';
  return '出错了，请重试';
}
