import { useRef, useState } from 'react';
import type { FactoryOrder, JiedanListItem } from '@app/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { fetchBidStatistics, fetchFactoryOrders, fetchMyBids, rememberOrders } from '../../../api/factory';
import AreaNav from '../../../components/area-nav';
import ListFooter from '../../../components/list-footer';
import StateView from '../../../components/state-view';
import StatusTag from '../../../components/status-tag';
import { useLoader } from '../../../hooks/useLoader';
import { usePagedList } from '../../../hooks/usePagedList';
import { PAGES, pageUrl } from '../../../routes';
import { lineText, myFactoryId } from '../../shared/factory';
import { BID_STATUS, dateTime, money } from '../../shared/labels';
import './index.scss';

type Tab = 'open' | 'bids';
type Row = { kind: 'order'; order: FactoryOrder } | { kind: 'bid'; bid: JiedanListItem };

const TABS: { key: Tab; label: string }[] = [
  { key: 'open', label: '可接订单' },
  { key: 'bids', label: '我的报价' },
];

/** The factory's home: orders open for bids and its own bids, with the counts of its bids on top. */
export default function FactoryHome() {
  const router = useRouter();
  const [tab, setTab] = useState<Tab>(router.params.tab === 'bids' ? 'bids' : 'open');
  // The loader reads the tab from a ref: a switch reloads at once, before the next render.
  const tabRef = useRef(tab);
  const stats = useLoader(async () => fetchBidStatistics(await myFactoryId()));
  const list = usePagedList<Row>(async (page) => {
    if (tabRef.current === 'open') {
      const res = await fetchFactoryOrders('open', page);
      rememberOrders(res.items);
      return { items: res.items.map((order) => ({ kind: 'order', order })), total: res.total };
    }
    const res = await fetchMyBids(await myFactoryId(), page);
    return { items: res.items.map((bid) => ({ kind: 'bid', bid })), total: res.total };
  });

  useLoad(() => {
    void stats.reload();
    void list.reload();
  });

  const switchTo = (next: Tab) => {
    if (next === tab) return;
    tabRef.current = next;
    setTab(next);
    void list.reload();
  };

  const openBid = (order: FactoryOrder) =>
    void Taro.navigateTo({ url: pageUrl(PAGES.factoryBid, { orderId: order.order_id }) });

  const s = stats.data;
  return (
    <View className="screen factory-home">
      <View className="factory-home__stats" data-testid="bid-stats">
        {[
          { label: '待处理', value: s?.pending, tone: 'warning' },
          { label: '已中标', value: s?.accepted, tone: 'success' },
          { label: '未中标', value: s?.rejected, tone: 'danger' },
        ].map((x) => (
          <View key={x.label} className="factory-home__stat">
            <Text className={`factory-home__stat-value factory-home__stat-value--${x.tone}`}>
              {stats.error ? '—' : (x.value ?? '…')}
            </Text>
            <Text className="factory-home__stat-label">{x.label}</Text>
          </View>
        ))}
      </View>
      <View className="tabs">
        {TABS.map((t) => (
          <View
            key={t.key}
            className={`tabs__item${t.key === tab ? ' tabs__item--active' : ''}`}
            data-testid={`tab-${t.key}`}
            onClick={() => switchTo(t.key)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      <StateView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText={tab === 'open' ? '暂无可接的订单，下拉刷新看看' : '还没有报价记录'}
        onRetry={() => void list.reload()}
      >
        {list.items.map((row) =>
          row.kind === 'order' ? (
            <OpenOrderCard key={`o${row.order.order_id}`} order={row.order} onBid={() => openBid(row.order)} />
          ) : (
            <BidCard key={`b${row.bid.id}`} bid={row.bid} />
          ),
        )}
        <ListFooter loadingMore={list.loadingMore} done={list.done} />
      </StateView>
      <AreaNav area="factory" current={PAGES.factoryHome} />
    </View>
  );
}

function OpenOrderCard({ order, onBid }: { order: FactoryOrder; onBid: () => void }) {
  const mine = order.my_bid;
  return (
    <View className="card open-order" data-testid="open-order-card">
      <View className="open-order__head">
        <Text className="card__title" data-testid="order-no">
          {order.order_no}
        </Text>
        {mine ? (
          <StatusTag label={`已报价 ${BID_STATUS[mine.status].label}`} tone={BID_STATUS[mine.status].tone} />
        ) : null}
      </View>
      <View className="open-order__lines">
        {order.lines.map((line) => (
          <Text key={line.id} className="open-order__line">
            {lineText(line)}
          </Text>
        ))}
      </View>
      {order.scheduled_date ? (
        <View className="card__row">
          <Text>预约发货日期</Text>
          <Text className="open-order__deadline">{order.scheduled_date}</Text>
        </View>
      ) : null}
      {order.delivery_city ? (
        <View className="card__row">
          <Text>交付城市</Text>
          <Text>{order.delivery_city}</Text>
        </View>
      ) : null}
      <View className="card__row">
        <Text>发布时间</Text>
        <Text>{dateTime(order.created_at)}</Text>
      </View>
      <View className="open-order__foot">
        <Text className="open-order__count">{order.bid_count} 家工厂已报价</Text>
        {mine ? (
          <Text className="open-order__mine">我的报价 {money(mine.price)}</Text>
        ) : (
          <Button className="open-order__bid" size="mini" data-testid="bid-button" onClick={onBid}>
            报价
          </Button>
        )}
      </View>
    </View>
  );
}

function BidCard({ bid }: { bid: JiedanListItem }) {
  const status = BID_STATUS[bid.status];
  return (
    <View className="card bid-card" data-testid="bid-card">
      <View className="open-order__head">
        <Text className="bid-card__title">{bid.order.title}</Text>
        <StatusTag label={status.label} tone={status.tone} />
      </View>
      <View className="card__row">
        <Text>报价</Text>
        <Text className="bid-card__price" data-testid="bid-price">
          {money(bid.price)}
        </Text>
      </View>
      <View className="card__row">
        <Text>报价时间</Text>
        <Text>{dateTime(bid.jiedan_time)}</Text>
      </View>
      {bid.agree_time ? (
        <View className="card__row">
          <Text>中标时间</Text>
          <Text>{dateTime(bid.agree_time)}</Text>
        </View>
      ) : null}
      {bid.status === 'rejected' && bid.reject_reason ? (
        <Text className="bid-card__reason">原因：{bid.reject_reason}</Text>
      ) : null}
    </View>
  );
}
