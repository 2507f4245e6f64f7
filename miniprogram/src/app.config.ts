export default defineAppConfig({
  // Main package: launch, sign-in (H5), binding and the profile; each business area is a subpackage.
  pages: ['pages/index/index', 'pages/login/index', 'pages/bind/index', 'pages/me/index'],
  subPackages: [
    {
      root: 'customer',
      name: 'customer',
      pages: ['pages/orders/index', 'pages/order/index', 'pages/material/index'],
    },
    {
      root: 'factory',
      name: 'factory',
      pages: ['pages/home/index', 'pages/bid/index', 'pages/work/index', 'pages/post/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f6f7',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '订单进度',
    navigationBarTextStyle: 'black',
  },
});
