import { useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { findFactoryOrder, placeBid } from '../../../api/factory';
import { ApiError, messageOf } from '../../../api/request';
import StateView from '../../../components/state-view';
import StatusTag from '../../../components/status-tag';
import { useLoader } from '../../../hooks/useLoader';
import { PAGES, pageUrl, restartAt } from '../../../routes';
import { lineText } from '../../shared/factory';
import { BID_STATUS, dateTime, money } from '../../shared/labels';
import './index.scss';

/** DECIMAL(10,2), as the server takes it. */
const PRICE = /^\d{1,8}(\.\d{1,2})?$/;

/** The client-side checks of a price, as a sentence, or null when it may be sent. */
function priceProblem(raw: string): string | null {
  const v = raw.trim();
  if (!v) return '请输入报价金额';
  if (!/^\d+(\.\d+)?$/.test(v)) return '报价须为数字，如 1500 或 1500.50';
  if (!PRICE.test(v))
    return v.includes('.') && v.split('.')[1].length > 2 ? '报价最多两位小数' : '报价不能超过 99999999.99 元';
  if (Number(v) <= 0) return '报价须大于 0';
  return null;
}

/** 001's errors, said the way a factory needs to hear them. */
function bidErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return messageOf(err);
  switch (err.code) {
    case 'JIEDAN_DUPLICATE':
      return '您已对该订单报过价，每个订单只能报价一次，可在“我的报价”中查看';
    case 'ORDER_NOT_OPEN_FOR_BIDS':
      return `${err.message}，请返回查看其他订单`;
    case 'ORDER_NOT_FOUND':
      return '订单不存在或已撤销，请返回刷新列表';
    case 'FACTORY_INACTIVE':
      return '您的工厂已停用，暂不能报价，请联系平台';
    case 'FORBIDDEN':
      return '您没有报价权限，请确认已绑定工厂';
    default:
      return err.message;
  }
}

/** A bid on one open order: its summary, the price, and the send. */
export default function FactoryBid() {
  const router = useRouter();
  const orderId = Number(router.params.orderId);
  const order = useLoader(async () => {
    if (!Number.isInteger(orderId) || orderId <= 0) throw new ApiError(400, 'BAD_REQUEST', '订单参数有误');
    const found = await findFactoryOrder('open', orderId);
    if (!found) throw new ApiError(404, 'ORDER_NOT_OPEN', '该订单已不在可接单列表中，可能已被其他工厂承接或已撤销');
    return found;
  });
  const [price, setPrice] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A double tap sends one bid: the second tap finds the first still running.
  const sending = useRef(false);

  useLoad(() => {
    void order.reload();
  });

  const submit = async () => {
    if (sending.current) return;
    const problem = priceProblem(price);
    setFieldError(problem);
    setError(null);
    if (problem) return;
    sending.current = true;
    setBusy(true);
    try {
      await placeBid(orderId, price.trim());
      void Taro.showToast({ title: '报价成功', icon: 'success' });
      restartAt(pageUrl(PAGES.factoryHome, { tab: 'bids' }));
    } catch (err) {
      setError(bidErrorText(err));
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const o = order.data;
  const mine = o?.my_bid ?? null;
  return (
    <View className="screen factory-bid">
      <StateView loading={order.loading} error={order.error} onRetry={() => void order.reload()}>
        {o ? (
          <>
            <View className="card" data-testid="bid-order">
              <Text className="card__title">{o.order_no}</Text>
              <View className="factory-bid__lines">
                {o.lines.map((line) => (
                  <Text key={line.id} className="factory-bid__line">
                    {lineText(line)}
                  </Text>
                ))}
              </View>
              {o.scheduled_date ? (
                <View className="card__row">
                  <Text>预约发货日期</Text>
                  <Text>{o.scheduled_date}</Text>
                </View>
              ) : null}
              {o.delivery_city ? (
                <View className="card__row">
                  <Text>交付城市</Text>
                  <Text>{o.delivery_city}</Text>
                </View>
              ) : null}
              <View className="card__row">
                <Text>发布时间</Text>
                <Text>{dateTime(o.created_at)}</Text>
              </View>
              <View className="card__row">
                <Text>已报价工厂</Text>
                <Text>{o.bid_count} 家</Text>
              </View>
            </View>
            {mine ? (
              <View className="card" data-testid="my-bid">
                <View className="factory-bid__mine">
                  <Text>我的报价 {money(mine.price)}</Text>
                  <StatusTag label={BID_STATUS[mine.status].label} tone={BID_STATUS[mine.status].tone} />
                </View>
                <Text className="hint factory-bid__hint">每个订单只能报价一次。</Text>
              </View>
            ) : (
              <>
                <View className="form">
                  <View className="form__field">
                    <Text className="form__label">报价金额（元）</Text>
                    <View className="factory-bid__price">
                      <Text className="factory-bid__yuan">¥</Text>
                      <Input
                        className="form__input factory-bid__input"
                        name="price"
                        type="digit"
                        placeholder="请输入报价，如 1500.50"
                        value={price}
                        maxlength={12}
                        onInput={(e) => {
                          setPrice(e.detail.value);
                          if (fieldError) setFieldError(null);
                        }}
                        onConfirm={() => void submit()}
                      />
                    </View>
                    {fieldError ? (
                      <Text className="form__error" data-testid="price-error">
                        {fieldError}
                      </Text>
                    ) : null}
                  </View>
                </View>
                <Text className="hint">提交后等待平台确认；中标后订单会出现在“生产”中。每个订单只能报价一次。</Text>
                {error ? (
                  <Text className="factory-bid__error" data-testid="bid-error">
                    {error}
                  </Text>
                ) : null}
                <Button
                  className="btn-primary"
                  data-testid="bid-submit"
                  loading={busy}
                  disabled={busy}
                  onClick={() => void submit()}
                >
                  提交报价
                </Button>
              </>
            )}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
