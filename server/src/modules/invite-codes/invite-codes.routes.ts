import { IdParamSchema, InviteCodeSchema } from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { InviteCodeService } from './invite-codes.service';

export function inviteCodeRoutes(invites: InviteCodeService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/customers/:id/invite-code',
      tag: '微信绑定',
      summary: '生成（轮换）客户企业的微信邀请码；旧码失效',
      permission: 'customers.invite',
      params: IdParamSchema,
      response: InviteCodeSchema,
      successMessage: '邀请码已生成',
      audit: { module: 'customers', action: 'rotate_invite_code', targetType: 'customer' },
      handler: ({ principal, params }) => invites.issue(principal, 'customer', params.id),
    }),
    route({
      method: 'post',
      path: '/api/factories/:id/invite-code',
      tag: '微信绑定',
      summary: '生成（轮换）工厂的微信邀请码；旧码失效',
      permission: 'factories.invite',
      params: IdParamSchema,
      response: InviteCodeSchema,
      successMessage: '邀请码已生成',
      audit: { module: 'factories', action: 'rotate_invite_code', targetType: 'factory' },
      handler: ({ principal, params }) => invites.issue(principal, 'factory', params.id),
    }),
  ];
}
