import Taro from '@tarojs/taro';
import { isH5 } from './env';

const MOCK_NAME_KEY = 'odp.mockName';

/** Thrown in H5 when nobody has typed a name yet: the app then shows its sign-in page. */
export class SignInNeeded extends Error {
  constructor() {
    super('请先登录');
    this.name = 'SignInNeeded';
  }
}

/**
 * The code `/api/auth/wx-login` takes. In WeChat: `Taro.login()`'s code. In H5 there is no wx.login: the name typed
 * on the sign-in page, sent as `mock:<name>` (the server accepts it in mock mode only).
 */
export async function loginCode(): Promise<string> {
  if (isH5) {
    const name = Taro.getStorageSync(MOCK_NAME_KEY) as string;
    if (!name) throw new SignInNeeded();
    return `mock:${name}`;
  }
  const { code } = await Taro.login();
  return code;
}

export function rememberMockName(name: string): void {
  Taro.setStorageSync(MOCK_NAME_KEY, name);
}

export function forgetMockName(): void {
  Taro.removeStorageSync(MOCK_NAME_KEY);
}
