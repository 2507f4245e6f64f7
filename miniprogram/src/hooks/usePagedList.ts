import { useCallback, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { messageOf } from '../api/request';

export interface PageOf<T> {
  items: T[];
  total: number;
}

export interface PagedList<T> {
  items: T[];
  total: number;
  /** First page loading (the page shows its loading state). */
  loading: boolean;
  /** A further page loading (the list shows a footer). */
  loadingMore: boolean;
  error: string | null;
  /** Every item is loaded. */
  done: boolean;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
}

/**
 * A list read page by page: pull-to-refresh reloads it, reaching the bottom reads the next page; answers arriving
 * after a newer reload (a tab switched meanwhile) are dropped.
 */
export function usePagedList<T>(load: (page: number) => Promise<PageOf<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = (generation.current += 1);
    setLoading(true);
    setError(null);
    try {
      const first = await loadRef.current(1);
      if (mine !== generation.current) return;
      setItems(first.items);
      setTotal(first.total);
      setPage(1);
    } catch (err) {
      if (mine === generation.current) setError(messageOf(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  const done = page > 0 && items.length >= total;

  const loadMore = useCallback(async () => {
    if (loading || loadingMore || done || error) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const next = await loadRef.current(page + 1);
      if (mine !== generation.current) return;
      setItems((prev) => [...prev, ...next.items]);
      setTotal(next.total);
      setPage(page + 1);
    } catch (err) {
      if (mine === generation.current) void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  }, [loading, loadingMore, done, error, page]);

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void loadMore();
  });

  return { items, total, loading, loadingMore, error, done, reload, loadMore };
}
