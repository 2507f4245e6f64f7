import type { FactoryOrder } from '@app/shared';
import { Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { fetchFactoryOrders, rememberOrders } from '../../../api/factory';
import AreaNav from '../../../components/area-nav';
import ListFooter from '../../../components/list-footer';
import StateView from '../../../components/state-view';
import StatusTag from '../../../components/status-tag';
import { usePagedList } from '../../../hooks/usePagedList';
import { PAGES, pageUrl } from '../../../routes';
import { lineText } from '../../shared/factory';
import { ORDER_STATUS, money } from '../../shared/labels';
import './index.scss';

/** The orders this factory works on (its accepted bids and purchase orders); a tap opens progress posting. */
export default function FactoryWork() {
  const list = usePagedList<FactoryOrder>(async (page) => {
    const res = await fetchFactoryOrders('mine', page);
    rememberOrders(res.items);
    return res;
  });

  useLoad(() => {
    void list.reload();
  });

  const open = (o: FactoryOrder) => void Taro.navigateTo({ url: pageUrl(PAGES.factoryPost, { orderId: o.order_id }) });

  return (
    <View className="screen factory-work">
      <StateView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText="暂无生产中的订单。报价被采纳或收到采购单后，订单会出现在这里。"
        onRetry={() => void list.reload()}
      >
        {list.items.map((o) => {
          const status = ORDER_STATUS[o.status];
          return (
            <View key={o.order_id} className="card work-card" data-testid="work-order-card" onClick={() => open(o)}>
              <View className="work-card__head">
                <Text className="card__title">{o.order_no}</Text>
                <StatusTag label={status.label} tone={status.tone} />
              </View>
              <View className="work-card__lines">
                {o.lines.map((line) => (
                  <Text key={line.id} className="work-card__line">
                    {lineText(line)}
                  </Text>
                ))}
              </View>
              {o.purchase_orders.length > 0 ? (
                <View className="card__row">
                  <Text>采购单</Text>
                  <Text>{o.purchase_orders.map((p) => p.po_no).join('、')}</Text>
                </View>
              ) : o.my_bid ? (
                <View className="card__row">
                  <Text>中标报价</Text>
                  <Text>{money(o.my_bid.price)}</Text>
                </View>
              ) : null}
              {o.scheduled_date ? (
                <View className="card__row">
                  <Text>预约发货日期</Text>
                  <Text>{o.scheduled_date}</Text>
                </View>
              ) : null}
              <View className="work-card__foot">
                <Text className="work-card__action">填报进度 ›</Text>
              </View>
            </View>
          );
        })}
        <ListFooter loadingMore={list.loadingMore} done={list.done} />
      </StateView>
      <AreaNav area="factory" current={PAGES.factoryWork} />
    </View>
  );
}
