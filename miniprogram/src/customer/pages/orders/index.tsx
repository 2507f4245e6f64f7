import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ErpOrderStatus, ErpOrderSummary } from '@app/shared';
import { searchOrders } from '../../../api/customer';
import AreaNav from '../../../components/area-nav';
import ListFooter from '../../../components/list-footer';
import StateView from '../../../components/state-view';
import StatusTag from '../../../components/status-tag';
import { usePagedList } from '../../../hooks/usePagedList';
import { PAGES, pageUrl } from '../../../routes';
import { customerRead } from '../../shared/guard';
import { ORDER_TABS, formatDate, isMaterialDone, orderStatusOf } from '../../shared/labels';
import './index.scss';

const PAGE_SIZE = 10;

type Tab = ErpOrderStatus | 'all';

/** The company's orders: search by order number or material, filter by status, open one. */
export default function Orders() {
  const [input, setInput] = useState('');
  /** The keyword of the list shown (the input becomes it on search). */
  const [keyword, setKeyword] = useState('');
  const [tab, setTab] = useState<Tab>('all');
  const [stale, setStale] = useState(false);

  const list = usePagedList<ErpOrderSummary>(async (page) => {
    const res = await customerRead(() =>
      searchOrders({ keyword, status: tab === 'all' ? undefined : tab, page, pageSize: PAGE_SIZE }),
    );
    if (page === 1) setStale(res.stale === true);
    return { items: res.orders, total: res.total };
  });

  // A new keyword or tab reads the list again from its first page (and on first show).
  useEffect(() => {
    void list.reload();
  }, [keyword, tab]);

  const search = () => {
    const next = input.trim();
    if (next === keyword) void list.reload();
    else setKeyword(next);
  };

  const open = (order: ErpOrderSummary) =>
    void Taro.navigateTo({ url: pageUrl(PAGES.customerOrder, { orderId: order.order_id }) });

  const emptyText = keyword ? `没有找到与“${keyword}”相关的订单` : tab === 'all' ? '暂无订单' : '该状态下暂无订单';

  return (
    <View className="screen orders">
      <View className="orders__head">
        <View className="search-bar">
          <Input
            className="search-bar__input"
            name="keyword"
            data-testid="order-search-input"
            placeholder="订单号 / 物料名称 / 物料编码"
            confirmType="search"
            value={input}
            maxlength={64}
            onInput={(e) => setInput(e.detail.value)}
            onConfirm={search}
          />
          <View className="orders__search-btn" data-testid="order-search-button" onClick={search}>
            <Text>搜索</Text>
          </View>
        </View>
        <View className="tabs">
          {ORDER_TABS.map((t) => (
            <View
              key={t.key}
              className={`tabs__item${t.key === tab ? ' tabs__item--active' : ''}`}
              data-testid={`status-tab-${t.key}`}
              onClick={() => setTab(t.key)}
            >
              <Text>{t.label}</Text>
            </View>
          ))}
        </View>
      </View>

      {stale && !list.loading && !list.error ? (
        <Text className="orders__stale" data-testid="stale-note">
          企业系统暂时无法连接，以下为之前查询的结果，可能不是最新数据
        </Text>
      ) : null}

      <StateView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText={emptyText}
        onRetry={() => void list.reload()}
      >
        <View className="orders__list" data-testid="order-list">
          {list.items.map((order) => {
            const status = orderStatusOf(order.status);
            const done = order.materials.filter((m) => isMaterialDone(m.status)).length;
            return (
              <View
                key={order.order_id}
                className="card order-card"
                data-testid="order-card"
                onClick={() => open(order)}
              >
                <View className="order-card__head">
                  <Text className="order-card__no" data-testid="order-card-no">
                    {order.order_no}
                  </Text>
                  <StatusTag label={status.label} tone={status.tone} />
                </View>
                <View className="card__row">
                  <Text>下单日期</Text>
                  <Text>{formatDate(order.order_date)}</Text>
                </View>
                <View className="card__row">
                  <Text>物料</Text>
                  <Text data-testid="order-materials">
                    共 {order.materials.length} 项 · 已完成 {done} 项
                  </Text>
                </View>
              </View>
            );
          })}
        </View>
        <ListFooter loadingMore={list.loadingMore} done={list.done} />
      </StateView>

      <AreaNav area="customer" current={PAGES.customerOrders} />
    </View>
  );
}
