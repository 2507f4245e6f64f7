import { IdParamSchema, PermissionSchema, RolePermissionsSchema, RoleSchema } from '@app/shared';
import { z } from 'zod';
import { route, type RouteSpec } from '../../http/route';
import type { RolesService } from './roles.service';

const TAG = '用户权限';

export function roleRoutes(roles: RolesService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/roles',
      tag: TAG,
      summary: '角色列表 (004 §4.5)，含每个角色的权限',
      permission: 'roles.read',
      response: z.array(RoleSchema),
      successMessage: '查询成功',
      handler: () => roles.list(),
    }),
    route({
      method: 'get',
      path: '/api/permissions',
      tag: TAG,
      summary: '权限清单（配置角色权限时使用的 permissionId）',
      permission: 'roles.read',
      response: z.array(PermissionSchema),
      successMessage: '查询成功',
      handler: () => roles.permissions(),
    }),
    route({
      method: 'put',
      path: '/api/roles/:id/permissions',
      tag: TAG,
      summary: '配置角色权限 (004 §4.6)；立即对该角色的所有用户生效',
      permission: 'roles.update',
      params: IdParamSchema,
      body: RolePermissionsSchema,
      response: RoleSchema,
      successMessage: '修改成功',
      audit: { module: 'roles', action: 'set_permissions', targetType: 'role' },
      handler: ({ params, body }) => roles.setPermissions(params.id, body),
    }),
  ];
}
