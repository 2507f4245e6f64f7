import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { fetchProfile } from '../../api/auth';
import { fetchGrants, fetchNoticeTemplates, recordGrants } from '../../api/notices';
import { messageOf } from '../../api/request';
import { signOut } from '../../api/session';
import AreaNav from '../../components/area-nav';
import StateView from '../../components/state-view';
import { useLoader } from '../../hooks/useLoader';
import { isH5 } from '../../platform/env';
import { forgetMockName } from '../../platform/login';
import { askToSubscribe } from '../../platform/subscribe';
import { PAGES, restartAt } from '../../routes';
import './index.scss';

const date = (ms: number | null) => (ms ? new Date(ms).toLocaleDateString('zh-CN') : '—');

/** The profile: who I am, what I am bound to, notices I subscribed to, sign out. */
export default function Me() {
  const profile = useLoader(fetchProfile);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const p = profile.data;
  const isCustomer = Boolean(p?.erpBinding.customerId);

  const loadGrants = async () => {
    try {
      setRemaining((await fetchGrants()).reduce((n, g) => n + g.remaining, 0));
    } catch {
      setRemaining(null);
    }
  };

  useDidShow(() => {
    void profile.reload().then(() => loadGrants());
  });

  const subscribe = async () => {
    setBusy(true);
    try {
      const templates = await fetchNoticeTemplates();
      if (templates.length === 0) {
        void Taro.showToast({ title: '暂未开通消息通知', icon: 'none' });
        return;
      }
      const results = await askToSubscribe(templates.map((t) => t.templateId));
      if (!results) {
        void Taro.showToast({ title: '请在微信中打开小程序订阅通知', icon: 'none' });
        return;
      }
      const states = await recordGrants(results);
      setRemaining(states.reduce((n, g) => n + g.remaining, 0));
      void Taro.showToast({ title: '订阅成功', icon: 'success' });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  const leave = () => {
    signOut();
    if (isH5) forgetMockName();
    restartAt(isH5 ? PAGES.signIn : PAGES.launch);
  };

  return (
    <View className="screen me">
      <StateView loading={profile.loading} error={profile.error} onRetry={() => void profile.reload()}>
        {p ? (
          <>
            <View className="card">
              <Text className="card__title">{p.nickName || '微信用户'}</Text>
              <View className="card__row">
                <Text>用户编号</Text>
                <Text>{p.userId}</Text>
              </View>
            </View>
            <Text className="section-title">绑定信息</Text>
            <View className="card" data-testid="binding">
              {p.erpBinding.customerId ? (
                <>
                  <View className="card__row">
                    <Text>企业</Text>
                    <Text>{p.erpBinding.companyName}</Text>
                  </View>
                  <View className="card__row">
                    <Text>企业编号</Text>
                    <Text>{p.erpBinding.companyId}</Text>
                  </View>
                  <View className="card__row">
                    <Text>绑定时间</Text>
                    <Text>{date(p.erpBinding.boundAt)}</Text>
                  </View>
                </>
              ) : p.factoryBinding ? (
                <>
                  <View className="card__row">
                    <Text>工厂</Text>
                    <Text>{p.factoryBinding.factoryName}</Text>
                  </View>
                  <View className="card__row">
                    <Text>绑定时间</Text>
                    <Text>{date(p.factoryBinding.boundAt)}</Text>
                  </View>
                </>
              ) : (
                <Text>尚未绑定企业</Text>
              )}
            </View>
            {isCustomer ? (
              <>
                <Text className="section-title">消息通知</Text>
                <View className="card">
                  <Text className="me__hint">订单有新进度、发货、签收时通过微信通知您。每次订阅可接收一条通知。</Text>
                  <View className="card__row">
                    <Text>剩余可接收</Text>
                    <Text>{remaining === null ? '—' : `${remaining} 条`}</Text>
                  </View>
                </View>
                <Button className="btn-primary" loading={busy} disabled={busy} onClick={() => void subscribe()}>
                  订阅订单通知
                </Button>
              </>
            ) : null}
            <Button className="btn-plain" onClick={leave}>
              退出登录
            </Button>
            {isCustomer || p.factoryBinding ? (
              <AreaNav area={isCustomer ? 'customer' : 'factory'} current={PAGES.me} />
            ) : null}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
