import type {
  FactoryOrder,
  FactoryOrderPage,
  Jiedan,
  JiedanPage,
  JiedanStatistics,
  ProgressDto,
  ProgressStatus,
  ProgressType,
} from '@app/shared';
import type { PageOf } from '../hooks/usePagedList';
import { request } from './request';

export const PAGE_SIZE = 10;

/** `GET /api/factory/orders`: `open` the orders taking bids (newest first), `mine` the orders this factory works on. */
export async function fetchFactoryOrders(view: 'open' | 'mine', page: number): Promise<PageOf<FactoryOrder>> {
  const res = await request<FactoryOrderPage>('/api/factory/orders', { query: { view, page, pageSize: PAGE_SIZE } });
  return { items: res.list, total: res.pagination.total };
}

/** Orders seen on a list, so the next page shows them at once (the API has no single factory order read). */
const seen = new Map<number, FactoryOrder>();

export function rememberOrders(orders: FactoryOrder[]): void {
  for (const o of orders) seen.set(o.order_id, o);
}

/** One order of a view: the one remembered from a list, else looked up page by page (at most 500 orders). */
export async function findFactoryOrder(view: 'open' | 'mine', orderId: number): Promise<FactoryOrder | null> {
  const known = seen.get(orderId);
  if (known) return known;
  const pageSize = 100;
  for (let page = 1; page <= 5; page += 1) {
    const res = await request<FactoryOrderPage>('/api/factory/orders', { query: { view, page, pageSize } });
    rememberOrders(res.list);
    const found = res.list.find((o) => o.order_id === orderId);
    if (found) return found;
    if (page >= res.pagination.totalPages) break;
  }
  return null;
}

/** 001 §4: this factory's bids, newest first. */
export async function fetchMyBids(factoryId: string, page: number): Promise<PageOf<JiedanPage['jiedans'][number]>> {
  const res = await request<JiedanPage>(`/api/factories/${factoryId}/jiedans`, {
    query: { page, pageSize: PAGE_SIZE },
  });
  return { items: res.jiedans, total: res.total };
}

/** 001 §9. */
export const fetchBidStatistics = (factoryId: string) =>
  request<JiedanStatistics>(`/api/factories/${factoryId}/jiedan-statistics`);

/** 001 §1: the price as a decimal string ("1500.50"); the factory is the signed-in one. */
export async function placeBid(orderId: number, price: string): Promise<Jiedan> {
  const bid = await request<Jiedan>('/api/jiedan', { method: 'POST', data: { order_id: orderId, price } });
  // The remembered order no longer says "no bid of mine".
  seen.delete(orderId);
  return bid;
}

/** 000 §2: this factory's posts on an order, oldest first. */
export const fetchProgress = (orderId: number) => request<ProgressDto[]>(`/api/orders/${orderId}/progress`);

export interface ProgressPost {
  factoryId: string;
  type: ProgressType;
  status: ProgressStatus;
  description: string;
  images: string[];
}

/** 000 §1; the same `idempotencyKey` sent again (a retried submit) makes no second post. */
export const postProgress = (orderId: number, post: ProgressPost, idempotencyKey: string) =>
  request<ProgressDto>(`/api/orders/${orderId}/progress`, {
    method: 'POST',
    header: { 'Idempotency-Key': idempotencyKey },
    data: {
      order_id: orderId,
      factory_id: post.factoryId,
      type: post.type,
      status: post.status,
      ...(post.description ? { description: post.description } : {}),
      images: post.images,
    },
  });
