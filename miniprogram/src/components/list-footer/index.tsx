import { Text, View } from '@tarojs/components';
import './index.scss';

/** Under a paged list: loading the next page, or the end of the list. */
export default function ListFooter({ loadingMore, done }: { loadingMore: boolean; done: boolean }) {
  return (
    <View className="list-footer">
      <Text>{loadingMore ? '加载中…' : done ? '没有更多了' : '上拉加载更多'}</Text>
    </View>
  );
}
