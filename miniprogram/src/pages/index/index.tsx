import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useLoad } from '@tarojs/taro';
import { fetchProfile } from '../../api/auth';
import { ApiError, messageOf } from '../../api/request';
import { sessionToken, signIn } from '../../api/session';
import StateView from '../../components/state-view';
import { SignInNeeded } from '../../platform/login';
import { PAGES, homeOf, restartAt } from '../../routes';
import './index.scss';

/** The launch page: signs in silently, then opens the user's home (orders, factory work, or binding). */
export default function Launch() {
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setError(null);
    try {
      if (!sessionToken()) await signIn();
      restartAt(homeOf(await fetchProfile()));
    } catch (err) {
      if (err instanceof SignInNeeded || (err instanceof ApiError && err.code === 'SIGN_IN_REQUIRED')) {
        restartAt(PAGES.signIn);
        return;
      }
      setError(messageOf(err));
    }
  };

  useLoad(() => {
    void start();
  });

  return (
    <View className="screen launch">
      <Text className="launch__brand">订单进度</Text>
      <StateView loading={!error} error={error} onRetry={() => void start()} />
    </View>
  );
}
