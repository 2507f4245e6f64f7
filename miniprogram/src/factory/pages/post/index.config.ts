export default definePageConfig({
  navigationBarTitleText: '填报进度',
  enablePullDownRefresh: true,
});
