import { useCallback, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { messageOf } from '../api/request';

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/** One read for a page (a detail): loading and error states, pull-to-refresh reloads it. */
export function useLoader<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    setError(null);
    try {
      setData(await loadRef.current());
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setLoading(false);
    }
  }, []);

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  return { data, loading, error, reload };
}
