export default definePageConfig({
  navigationBarTitleText: '订单进度',
});
