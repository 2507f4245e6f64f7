import { Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { fetchOrderMaterials, fetchOrderStatus, type CustomerMaterial } from '../../../api/customer';
import { ApiError } from '../../../api/request';
import StateView from '../../../components/state-view';
import StatusTag from '../../../components/status-tag';
import { useLoader } from '../../../hooks/useLoader';
import { PAGES, pageUrl } from '../../../routes';
import { customerRead } from '../../shared/guard';
import { formatDate, formatTime, isMaterialDone, materialStatusOf, orderStatusOf } from '../../shared/labels';
import './index.scss';

/**
 * One order: its status, key dates and materials (each opens its production progress). Opened from the list and
 * from WeChat notices (`?orderId=`), so it must stand alone on a cold start.
 */
export default function Order() {
  const { params } = useRouter();
  const orderId = params.orderId ?? '';

  const order = useLoader(() =>
    customerRead(async () => {
      if (!orderId) throw new ApiError(400, 'ORDER_ID_MISSING', '缺少订单编号，请从订单列表进入');
      const [status, materials] = await Promise.all([fetchOrderStatus(orderId), fetchOrderMaterials(orderId)]);
      return { status, materials: materials.materials };
    }),
  );

  useLoad(() => {
    void order.reload();
  });

  const open = (m: CustomerMaterial) =>
    void Taro.navigateTo({ url: pageUrl(PAGES.customerMaterial, { materialId: m.material_id }) });

  const data = order.data;
  const total = data?.materials.length ?? 0;
  const done = data?.materials.filter((m) => isMaterialDone(m.status)).length ?? 0;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  const status = data ? orderStatusOf(data.status.status) : null;
  const dates = data
    ? [
        { label: '下单日期', value: data.status.order_date, time: false },
        { label: '发货时间', value: data.status.shipped_at, time: true },
        { label: '签收时间', value: data.status.delivered_at, time: true },
        { label: '完成时间', value: data.status.completed_at, time: true },
      ].filter((d, i) => i === 0 || d.value)
    : [];

  return (
    <View className="screen order">
      <StateView loading={order.loading} error={order.error} onRetry={() => void order.reload()}>
        {data && status ? (
          <>
            <View className="card" data-testid="order-summary">
              <View className="order__head">
                <Text className="order__no" data-testid="order-no">
                  {data.status.order_no}
                </Text>
                <StatusTag label={status.label} tone={status.tone} />
              </View>
              {data.status.customer_name ? <Text className="order__company">{data.status.customer_name}</Text> : null}
              <View className="order__progress">
                <View className="order__bar">
                  <View className="order__bar-fill" style={{ width: `${percent}%` }} />
                </View>
                <Text className="order__bar-text" data-testid="order-done">
                  已完成 {done}/{total} 项物料
                </Text>
              </View>
              {dates.map((d) => (
                <View key={d.label} className="card__row">
                  <Text>{d.label}</Text>
                  <Text>{d.time ? formatTime(d.value) : formatDate(d.value)}</Text>
                </View>
              ))}
              {data.status.updated_at ? (
                <View className="card__row">
                  <Text>最近更新</Text>
                  <Text>{formatTime(data.status.updated_at)}</Text>
                </View>
              ) : null}
            </View>

            {data.status.logistics ? (
              <>
                <Text className="section-title">物流信息</Text>
                <View className="card" data-testid="order-logistics">
                  <View className="card__row">
                    <Text>承运商</Text>
                    <Text>{data.status.logistics.company_name ?? data.status.logistics.company_code}</Text>
                  </View>
                  <View className="card__row">
                    <Text>运单号</Text>
                    <Text selectable>{data.status.logistics.tracking_no}</Text>
                  </View>
                  {data.status.logistics.shipped_at ? (
                    <View className="card__row">
                      <Text>发货时间</Text>
                      <Text>{formatTime(data.status.logistics.shipped_at)}</Text>
                    </View>
                  ) : null}
                </View>
              </>
            ) : null}

            <Text className="section-title">物料（{total}）</Text>
            {total === 0 ? (
              <View className="card order__empty" data-testid="materials-empty">
                <Text>该订单暂无物料</Text>
              </View>
            ) : (
              data.materials.map((m) => {
                const ms = materialStatusOf(m.status);
                return (
                  <View
                    key={m.material_id}
                    className="card material-row"
                    data-testid="material-row"
                    onClick={() => open(m)}
                  >
                    <View className="material-row__main">
                      <View className="material-row__head">
                        <Text className="material-row__name">{m.material_name || m.material_code || '物料'}</Text>
                        <StatusTag label={ms.label} tone={ms.tone} />
                      </View>
                      {m.material_code ? <Text className="material-row__meta">编码 {m.material_code}</Text> : null}
                      <Text className="material-row__meta">
                        数量 {m.quantity ?? '—'}
                        {m.unit ?? ''}
                        {m.factory_name ? ` · ${m.factory_name}` : ''}
                      </Text>
                      <Text className="material-row__link">查看生产进度</Text>
                    </View>
                    <Text className="material-row__arrow">›</Text>
                  </View>
                );
              })
            )}

            {data.status.timeline && data.status.timeline.length > 0 ? (
              <>
                <Text className="section-title">订单动态</Text>
                <View className="card order-timeline" data-testid="order-timeline">
                  {data.status.timeline.map((e, i) => (
                    <View key={`${e.type}-${e.time ?? ''}-${i}`} className="order-timeline__item">
                      <View className={`order-timeline__dot${i === 0 ? ' order-timeline__dot--latest' : ''}`} />
                      <View className="order-timeline__body">
                        <Text className="order-timeline__title">{e.title}</Text>
                        {e.note ? <Text className="order-timeline__note">{e.note}</Text> : null}
                        <Text className="order-timeline__time">{formatTime(e.time)}</Text>
                      </View>
                    </View>
                  ))}
                </View>
              </>
            ) : null}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
