/// <reference types="@tarojs/taro" />
/// <reference types="miniprogram-api-typings" />

/** The API server's address ('' in H5: same origin), set at build time (config/index.ts). */
declare const API_BASE: string;

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.less';
declare module '*.scss';
declare module '*.sass';
declare module '*.styl';

declare namespace NodeJS {
  interface ProcessEnv {
    /** NODE 内置环境变量, 会影响到最终构建生成产物 */
    NODE_ENV: 'development' | 'production';
    /** 当前构建的平台 */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** 当前构建的小程序 appid */
    TARO_APP_ID: string;
  }
}
