import type { PermissionCode } from '@app/shared';
import type { Actor } from './actors';

/** The objects the matrix reads and writes; created once per run. */
export interface Fixtures {
  /** A factory only staff with data.all may see (not the factory user's). */
  otherFactoryId: number;
  /** The factory the factory user is bound to. */
  demoFactoryId: number;
  /** The customer owned by the `sales` demo account (and bound by the customer user). */
  salesCustomerId: number;
  /** A customer owned by somebody else. */
  otherCustomerId: number;
  /** A throw-away staff user that user-admin routes act on. */
  dummyUserId: number;
  /** media's role id and current permission ids: writing them back changes nothing. */
  mediaRoleId: number;
  mediaPermissionIds: number[];
  /** A product category and a product in it. */
  categoryId: number;
  productId: number;
}

export type Which = 'own' | 'foreign';

/**
 * How each route is exercised. `scope` says which kind of object its `:id` names, so the matrix knows
 * what "own" and "foreign" mean for an actor. Every route of the app must have an entry here.
 */
export interface MatrixEntry {
  /** Who may call it, declared here independently of the route table: 'public', 'any' signed-in user, a user type, or a permission. */
  access: 'public' | 'any' | 'staff' | 'wechat' | PermissionCode;
  scope: 'none' | 'factory' | 'customer';
  path?: (f: Fixtures, actor: Actor, which: Which) => string;
  body?: (f: Fixtures) => object;
}

const factoryFor = (f: Fixtures, actor: Actor, which: Which) =>
  which === 'own' && actor.scope === 'factory' ? f.demoFactoryId : f.otherFactoryId;
const customerFor = (f: Fixtures, _actor: Actor, which: Which) =>
  which === 'foreign' ? f.otherCustomerId : f.salesCustomerId;

export const MATRIX: Record<string, MatrixEntry> = {
  'POST /api/auth/login': {
    access: 'public',
    scope: 'none',
    body: () => ({ username: 'nobody', password: 'wrong' }),
  },
  'GET /api/auth/profile': {
    access: 'staff',
    scope: 'none',
  },
  'PUT /api/auth/password': {
    access: 'staff',
    scope: 'none',
    body: () => ({ oldPassword: 'not-the-password', newPassword: 'whatever-1' }),
  },
  'POST /api/auth/wx-login': {
    access: 'public',
    scope: 'none',
    body: () => ({ code: 'mock:matrix-login' }),
  },
  'POST /api/auth/bind-company': {
    access: 'wechat',
    scope: 'none',
    body: () => ({ inviteCode: 'NO-SUCH-CODE' }),
  },
  'GET /api/user/profile': {
    access: 'wechat',
    scope: 'none',
  },
  'GET /api/users': {
    access: 'users.read',
    scope: 'none',
  },
  'POST /api/users': {
    access: 'users.create',
    scope: 'none',
    body: () => ({}),
  },
  'GET /api/users/:id': {
    access: 'users.read',
    scope: 'none',
    path: (f) => `/api/users/${f.dummyUserId}`,
  },
  'PUT /api/users/:id': {
    access: 'users.update',
    scope: 'none',
    path: (f) => `/api/users/${f.dummyUserId}`,
    body: () => ({ realName: '矩阵用户' }),
  },
  'PUT /api/users/:id/status': {
    access: 'users.update',
    scope: 'none',
    path: (f) => `/api/users/${f.dummyUserId}/status`,
    body: () => ({ isActive: 1 }),
  },
  'PUT /api/users/:id/roles': {
    access: 'roles.update',
    scope: 'none',
    path: (f) => `/api/users/${f.dummyUserId}/roles`,
    body: () => ({ roleIds: [] }),
  },
  'GET /api/roles': {
    access: 'roles.read',
    scope: 'none',
  },
  'GET /api/permissions': {
    access: 'roles.read',
    scope: 'none',
  },
  'PUT /api/roles/:id/permissions': {
    access: 'roles.update',
    scope: 'none',
    path: (f) => `/api/roles/${f.mediaRoleId}/permissions`,
    body: (f) => ({ permissionIds: f.mediaPermissionIds }),
  },
  'GET /api/logs': {
    access: 'logs.read',
    scope: 'none',
  },
  'POST /api/factories': {
    access: 'factories.create',
    scope: 'none',
    body: () => ({ name: '矩阵工厂' }),
  },
  'GET /api/factories': {
    access: 'factories.read',
    scope: 'none',
  },
  'GET /api/factories/:id': {
    access: 'factories.read',
    scope: 'factory',
    path: (f, a, w) => `/api/factories/${factoryFor(f, a, w)}`,
  },
  'PUT /api/factories/:id': {
    access: 'factories.update',
    scope: 'factory',
    path: (f, a, w) => `/api/factories/${factoryFor(f, a, w)}`,
    body: () => ({ contactName: '矩阵联系人' }),
  },
  'POST /api/factories/:id/invite-code': {
    access: 'factories.invite',
    scope: 'factory',
    path: (f, a, w) => `/api/factories/${factoryFor(f, a, w)}/invite-code`,
  },
  'POST /api/customers/:id/invite-code': {
    access: 'customers.invite',
    scope: 'customer',
    path: (f, a, w) => `/api/customers/${customerFor(f, a, w)}/invite-code`,
  },
  'POST /api/products/categories': { access: 'products.create', scope: 'none', body: () => ({}) },
  'GET /api/products/categories': { access: 'products.read', scope: 'none' },
  'PUT /api/products/categories/:id': {
    access: 'products.update',
    scope: 'none',
    path: (f) => `/api/products/categories/${f.categoryId}`,
    body: () => ({ sortOrder: 1 }),
  },
  'PUT /api/products/categories/:id/status': {
    access: 'products.update',
    scope: 'none',
    path: (f) => `/api/products/categories/${f.categoryId}/status`,
    body: () => ({ isActive: 1 }),
  },
  'POST /api/products': { access: 'products.create', scope: 'none', body: () => ({}) },
  'GET /api/products': { access: 'products.read', scope: 'none' },
  'POST /api/products/import': { access: 'products.import', scope: 'none' },
  'GET /api/products/export': { access: 'products.export', scope: 'none' },
  'GET /api/products/:id': { access: 'products.read', scope: 'none', path: (f) => `/api/products/${f.productId}` },
  'PUT /api/products/:id': {
    access: 'products.update',
    scope: 'none',
    path: (f) => `/api/products/${f.productId}`,
    body: () => ({ unit: '台' }),
  },
  'PUT /api/products/:id/status': {
    access: 'products.update',
    scope: 'none',
    path: (f) => `/api/products/${f.productId}/status`,
    body: () => ({ status: 'draft' }),
  },
  'GET /api/health/check': {
    access: 'public',
    scope: 'none',
  },
  'GET /api/metrics/performance': {
    access: 'monitor.read',
    scope: 'none',
  },
};
