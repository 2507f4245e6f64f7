export default definePageConfig({
  navigationBarTitleText: '接单',
  enablePullDownRefresh: true,
});
