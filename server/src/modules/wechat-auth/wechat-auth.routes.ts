import {
  BindCompanySchema,
  BindResultSchema,
  type WxLoginResult,
  WxLoginResultSchema,
  WxLoginSchema,
  WxUserProfileSchema,
} from '@app/shared';
import { RATE_LIMITS } from '../../http/rate-limits';
import { publicRoute, route, type RouteSpec } from '../../http/route';
import type { WechatAuthService } from './wechat-auth.service';

export function wechatAuthRoutes(wx: WechatAuthService): RouteSpec[] {
  return [
    publicRoute({
      method: 'post',
      path: '/api/auth/wx-login',
      tag: '微信',
      summary: '微信小程序登录 (003)：code → openid → JWT；session_key 不返回、不存储',
      rateLimit: RATE_LIMITS.wxLogin,
      body: WxLoginSchema,
      response: WxLoginResultSchema,
      successMessage: '登录成功',
      audit: {
        module: 'wechat',
        action: 'login',
        targetType: 'user',
        target: (_p, r) => (r as WxLoginResult).userId,
        actor: (r) => ({ userId: Number((r as WxLoginResult).userId), username: null }),
      },
      handler: ({ body }) => wx.login(body),
    }),
    route({
      method: 'post',
      path: '/api/auth/bind-company',
      tag: '微信',
      summary: '通过邀请码绑定企业或工厂 (003)',
      userType: 'wechat',
      rateLimit: RATE_LIMITS.bindCompany,
      body: BindCompanySchema,
      response: BindResultSchema,
      successMessage: '绑定成功',
      audit: {
        module: 'wechat',
        action: 'bind_company',
        targetType: 'user',
        target: (_p, _r, who) => who?.userId ?? null,
      },
      handler: async ({ principal, body, ctx }) => {
        const result = await wx.bind(principal, body);
        if (result.alreadyBound) ctx.state.successMessage = '已绑定该企业';
        return result;
      },
    }),
    route({
      method: 'get',
      path: '/api/user/profile',
      tag: '微信',
      summary: '获取微信用户信息与企业绑定 (003)',
      userType: 'wechat',
      rateLimit: RATE_LIMITS.wxProfile,
      response: WxUserProfileSchema,
      successMessage: '查询成功',
      handler: ({ principal, ctx }) => wx.profile(principal, ctx.state.tokenExpiresAt ?? 0),
    }),
  ];
}
