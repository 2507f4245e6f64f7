import {
  type LoginResult,
  LoginResultSchema,
  LoginSchema,
  PasswordChangeSchema,
  StaffProfileSchema,
  TokenResultSchema,
} from '@app/shared';
import { RATE_LIMITS } from '../../http/rate-limits';
import { publicRoute, route, type RouteSpec } from '../../http/route';
import type { AuthService } from './auth.service';

export function authRoutes(auth: AuthService): RouteSpec[] {
  return [
    publicRoute({
      method: 'post',
      path: '/api/auth/login',
      tag: '认证',
      summary: '员工登录 (004 §1.1)',
      rateLimit: RATE_LIMITS.staffLogin,
      body: LoginSchema,
      response: LoginResultSchema,
      successMessage: '登录成功',
      audit: {
        module: 'auth',
        action: 'login',
        targetType: 'user',
        target: (_p, r) => (r as LoginResult).user.id,
        actor: (r) => ({ userId: (r as LoginResult).user.id, username: (r as LoginResult).user.username }),
      },
      handler: ({ body }) => auth.login(body.username, body.password),
    }),
    route({
      method: 'get',
      path: '/api/auth/profile',
      tag: '认证',
      summary: '获取当前员工信息 (004 §1.2)',
      userType: 'staff',
      response: StaffProfileSchema,
      successMessage: '查询成功',
      handler: async ({ principal }) => auth.profile(principal),
    }),
    route({
      method: 'put',
      path: '/api/auth/password',
      tag: '认证',
      summary: '修改密码 (004 §1.3)；旧 token 全部失效，返回新 token',
      userType: 'staff',
      rateLimit: RATE_LIMITS.passwordChange,
      body: PasswordChangeSchema,
      response: TokenResultSchema,
      successMessage: '密码修改成功',
      audit: {
        module: 'auth',
        action: 'change_password',
        targetType: 'user',
        target: (_p, _r, who) => who?.userId ?? null,
      },
      handler: ({ principal, body }) => auth.changePassword(principal, body),
    }),
  ];
}
