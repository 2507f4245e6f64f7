import type { ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import './index.scss';

interface Props {
  loading: boolean;
  error: string | null;
  /** Nothing to show (after loading, without error). */
  empty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  children?: ReactNode;
}

/** A screen's loading, error (with retry) and empty states; the content otherwise. */
export default function StateView({ loading, error, empty, emptyText, onRetry, children }: Props) {
  if (loading) {
    return (
      <View className="state state--loading" data-testid="state-loading">
        <View className="state__spinner" />
        <Text className="state__text">加载中…</Text>
      </View>
    );
  }
  if (error) {
    return (
      <View className="state state--error" data-testid="state-error">
        <Text className="state__text">{error}</Text>
        {onRetry ? (
          <Button className="state__retry" size="mini" onClick={onRetry}>
            重试
          </Button>
        ) : null}
      </View>
    );
  }
  if (empty) {
    return (
      <View className="state state--empty" data-testid="state-empty">
        <Text className="state__text">{emptyText ?? '暂无数据'}</Text>
      </View>
    );
  }
  return <>{children}</>;
}
