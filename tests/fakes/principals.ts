import type { Principal } from '@app/server/src/modules/access/principal';

const NO_PROFILE: Principal['profile'] = {
  realName: null,
  avatar: null,
  mobile: null,
  email: null,
  department: null,
  nickName: null,
};

function withList(p: Omit<Principal, 'permissionList'> & { permissionList?: readonly string[] }): Principal {
  return { ...p, permissionList: p.permissionList ?? [...p.permissions].sort() };
}

/** A staff principal; override any field. */
export function staffPrincipal(overrides: Partial<Principal> = {}): Principal {
  return withList({
    userId: 7,
    userType: 'staff',
    username: 'sales',
    isActive: true,
    tokenVersion: 0,
    roles: ['sales'],
    primaryRoleId: 1,
    permissions: new Set<string>(['customers.read']),
    customerId: null,
    factoryId: null,
    profile: NO_PROFILE,
    ...overrides,
  });
}

/** A WeChat principal (unbound unless customerId / factoryId are given). */
export function wechatPrincipal(overrides: Partial<Principal> = {}): Principal {
  return withList({
    userId: 70,
    userType: 'wechat',
    username: null,
    isActive: true,
    tokenVersion: 0,
    roles: [],
    primaryRoleId: null,
    permissions: new Set<string>(),
    customerId: null,
    factoryId: null,
    profile: NO_PROFILE,
    ...overrides,
  });
}
