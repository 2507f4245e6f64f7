import Taro from '@tarojs/taro';
import type { WxLoginResult } from '@app/shared';
import { loginCode } from '../platform/login';
import { ApiError, request } from './request';

const TOKEN_KEY = 'odp.token';

let token: string | null = null;
let renewing: Promise<WxLoginResult> | null = null;

export function sessionToken(): string | null {
  if (token === null) token = (Taro.getStorageSync(TOKEN_KEY) as string) || null;
  return token;
}

function keep(next: string | null): void {
  token = next;
  if (next) Taro.setStorageSync(TOKEN_KEY, next);
  else Taro.removeStorageSync(TOKEN_KEY);
}

/**
 * Signs in with WeChat (`Taro.login` → `/api/auth/wx-login`; in H5 the name typed on the sign-in page), keeps the
 * token. Parallel callers share one sign-in.
 */
export function signIn(): Promise<WxLoginResult> {
  if (!renewing) {
    renewing = (async () => {
      const code = await loginCode();
      const result = await request<WxLoginResult>('/api/auth/wx-login', {
        method: 'POST',
        data: { code },
        auth: false,
      });
      keep(result.token);
      return result;
    })().finally(() => {
      renewing = null;
    });
  }
  return renewing;
}

/** Called by the request wrapper on 401: a fresh token, or an ApiError 401 that the page shows. */
export async function renewSession(): Promise<void> {
  keep(null);
  try {
    await signIn();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(401, 'SIGN_IN_REQUIRED', '请先登录');
  }
}

export function signOut(): void {
  keep(null);
}
