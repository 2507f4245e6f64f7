export default definePageConfig({
  navigationBarTitleText: '生产进度',
  enablePullDownRefresh: true,
});
