import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { bindCompany, fetchProfile } from '../../api/auth';
import { ApiError, messageOf } from '../../api/request';
import { homeOf, restartAt } from '../../routes';
import './index.scss';

/** The binding errors of 003, said the way a person needs to hear them. */
const BIND_ERRORS: Record<string, string> = {
  INVITE_CODE_INVALID: '邀请码无效，请核对后重新输入，或向企业管理员确认',
  INVITE_CODE_MISMATCH: '该邀请码已更换，请向企业管理员索取最新的邀请码',
  COMPANY_NOT_FOUND: '未找到邀请码对应的企业，请联系企业管理员',
  COMPANY_ALREADY_BOUND: '您已绑定其他企业或工厂，不能再绑定新的企业',
  RATE_LIMITED: '尝试次数过多，请一分钟后再试',
  SERVICE_UNAVAILABLE: '企业系统暂时无法连接，请稍后再试',
  ERP_ERROR: '企业系统暂时无法连接，请稍后再试',
};

export function bindErrorText(err: unknown): string {
  return err instanceof ApiError ? (BIND_ERRORS[err.code] ?? err.message) : messageOf(err);
}

/** Shown until the user is bound: the invite code of their company (customers) or factory (factory staff). */
export default function Bind() {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!code.trim()) {
      setError('请输入邀请码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await bindCompany(code.trim());
      restartAt(homeOf(await fetchProfile()));
    } catch (err) {
      setError(bindErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="screen bind">
      <Text className="bind__title">绑定企业</Text>
      <Text className="hint">
        请输入企业或工厂管理员提供的邀请码。绑定后即可查看本企业的订单和生产进度，工厂用户可接单并填报进度。
      </Text>
      <View className="form">
        <View className="form__field">
          <Text className="form__label">邀请码</Text>
          <Input
            className="form__input"
            name="inviteCode"
            placeholder="请输入邀请码"
            value={code}
            maxlength={64}
            onInput={(e) => setCode(e.detail.value)}
            onConfirm={() => void submit()}
          />
          {error ? (
            <Text className="form__error" data-testid="bind-error">
              {error}
            </Text>
          ) : null}
        </View>
      </View>
      <Button className="btn-primary" loading={busy} disabled={busy} onClick={() => void submit()}>
        绑定
      </Button>
    </View>
  );
}
