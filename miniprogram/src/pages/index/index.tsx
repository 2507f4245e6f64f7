import { View, Text } from '@tarojs/components';

import './index.scss';

/** Placeholder home page: the customer and factory pages arrive with the mini-program issue. */
export default function Index() {
  return (
    <View className="index">
      <Text className="index__title">订单进度</Text>
      <Text className="index__desc">客户查看订单与生产进度，工厂接单与填报进度。</Text>
    </View>
  );
}
