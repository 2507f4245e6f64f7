import Taro from '@tarojs/taro';
import type { WxUserProfile } from '@app/shared';

/** Every page of the app, by area (customer and factory pages are subpackages). */
export const PAGES = {
  launch: '/pages/index/index',
  signIn: '/pages/login/index',
  bind: '/pages/bind/index',
  me: '/pages/me/index',
  customerOrders: '/customer/pages/orders/index',
  customerOrder: '/customer/pages/order/index',
  customerMaterial: '/customer/pages/material/index',
  factoryHome: '/factory/pages/home/index',
  factoryBid: '/factory/pages/bid/index',
  factoryWork: '/factory/pages/work/index',
  factoryPost: '/factory/pages/post/index',
} as const;

export function pageUrl(page: string, query: Record<string, string | number> = {}): string {
  const qs = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${page}?${qs}` : page;
}

/** Where a user belongs: customers to their orders, factory staff to their work, anyone else to binding. */
export function homeOf(profile: WxUserProfile): string {
  if (profile.erpBinding.customerId) return PAGES.customerOrders;
  if (profile.factoryBinding) return PAGES.factoryHome;
  return PAGES.bind;
}

/** Replaces the whole page stack (after sign-in, binding, sign-out). */
export function restartAt(url: string): void {
  void Taro.reLaunch({ url });
}
