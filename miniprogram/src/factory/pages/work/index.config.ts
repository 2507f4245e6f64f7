export default definePageConfig({
  navigationBarTitleText: '生产',
  enablePullDownRefresh: true,
});
