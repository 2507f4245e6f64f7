import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { PAGES } from '../../routes';
import './index.scss';

const TABS = {
  customer: [
    { page: PAGES.customerOrders, label: '订单' },
    { page: PAGES.me, label: '我的' },
  ],
  factory: [
    { page: PAGES.factoryHome, label: '接单' },
    { page: PAGES.factoryWork, label: '生产' },
    { page: PAGES.me, label: '我的' },
  ],
} as const;

/** The bottom bar of an area's top pages (WeChat's tabBar can only hold main-package pages). */
export default function AreaNav({ area, current }: { area: keyof typeof TABS; current: string }) {
  return (
    <>
      <View className="area-nav__spacer" />
      <View className="area-nav">
        {TABS[area].map((tab) => (
          <View
            key={tab.page}
            className={`area-nav__item${tab.page === current ? ' area-nav__item--active' : ''}`}
            onClick={() => {
              if (tab.page !== current) void Taro.redirectTo({ url: tab.page });
            }}
          >
            <Text>{tab.label}</Text>
          </View>
        ))}
      </View>
    </>
  );
}
