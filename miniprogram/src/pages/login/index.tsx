import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { fetchProfile } from '../../api/auth';
import { messageOf } from '../../api/request';
import { signIn } from '../../api/session';
import { rememberMockName } from '../../platform/login';
import { homeOf, restartAt } from '../../routes';
import './index.scss';

/**
 * H5 only (a browser has no wx.login): the name to sign in as. The server accepts it in its mock WeChat mode, which
 * is how the H5 build is used for demos and tests; the same name is the same user.
 */
export default function SignIn() {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const trimmed = name.trim();
    if (!/^[A-Za-z0-9_-]{2,32}$/.test(trimmed)) {
      setError('请输入 2-32 位字母、数字、下划线或短横线');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      rememberMockName(trimmed);
      await signIn();
      restartAt(homeOf(await fetchProfile()));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="screen sign-in">
      <Text className="sign-in__title">订单进度</Text>
      <Text className="hint">浏览器中没有微信登录：输入一个用户名即可体验（同一用户名即同一用户）。</Text>
      <View className="form">
        <View className="form__field">
          <Text className="form__label">用户名</Text>
          <Input
            className="form__input"
            name="name"
            placeholder="例如 zhangsan"
            value={name}
            onInput={(e) => setName(e.detail.value)}
            onConfirm={() => void submit()}
          />
          {error ? <Text className="form__error">{error}</Text> : null}
        </View>
      </View>
      <Button className="btn-primary" loading={busy} disabled={busy} onClick={() => void submit()}>
        登录
      </Button>
    </View>
  );
}
