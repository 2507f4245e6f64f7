/** The build target: the WeChat mini-program or the H5 build served at `/`. */
export const isH5 = process.env.TARO_ENV === 'h5';
export const isWeapp = process.env.TARO_ENV === 'weapp';
