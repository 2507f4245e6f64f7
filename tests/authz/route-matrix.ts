import type { PermissionCode } from '@app/shared';
import type { MatrixQuotation } from '../helpers/quotation-fixtures';
import type { MatrixOrder } from './order-fixtures';
import type { MatrixJiedan } from './jiedan-fixtures';
import type { MatrixProgress } from './progress-fixtures';
import type { MatrixTicket } from './ticket-fixtures';
import { CONTRACT_MATRIX, type MatrixContract } from './contract-fixtures';
import { SHIPMENT_MATRIX, type MatrixShipment } from './shipment-fixtures';
import { FINANCE_MATRIX, type MatrixFinance } from './finance-fixtures';
import { TASK_MATRIX, type MatrixTasks } from './task-fixtures';
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
  /**
   * Per actor, leads of their own: owned by the `sales` demo user ('own') or by another user ('foreign'), and a
   * second pair for DELETE. Routes that change owner or stage act on the actor's copies only.
   */
  crm: Record<string, Record<Which | 'ownDel' | 'foreignDel', number>>;
  /** Quotations owned by the `sales` demo user ('own') or by another user ('foreign'): a draft and a sent one. */
  quotations: Record<Which, MatrixQuotation>;
  /** Orders of the `sales` demo user's customer ('own') and of another owner ('foreign'), with their requests. */
  orders: Record<Which, MatrixOrder>;
  /** Bids (001) of the demo factory on the own side's orders and of the other factory on the foreign side's. */
  jiedans: Record<Which, MatrixJiedan>;
  /** Orders with progress posts: own supplied by the demo factory for the `sales` customer, foreign by neither. */
  progress: Record<Which, MatrixProgress>;
  /** Signed contracts (004 §7) of the `sales` demo user's customer ('own') and of another owner's. */
  contracts: Record<Which, MatrixContract>;
  /** A draft shipment (004 §9) of a signed contract of the `sales` customer ('own') and of another owner's. */
  shipments: Record<Which, MatrixShipment>;
  /** A draft payment and a draft invoice (004 §10-11) on each side's contract. */
  finance: Record<Which, MatrixFinance>;
  /** 003 materials: a line (order_items.id) of `orders[which].order`. */
  materials: Record<Which, number>;
  /** Service tickets (004 §12) of the `sales` customer ('own') and of another owner's ('foreign'). */
  tickets: Record<Which, MatrixTicket>;
  /** To-do tasks (004 §8): per actor one assigned to the actor ('own') and one to somebody else ('foreign'). */
  tasks: MatrixTasks;
}

export type Which = 'own' | 'foreign';

/**
 * How each route is exercised. `scope` says which kind of object its `:id` names, so the matrix knows
 * what "own" and "foreign" mean for an actor. Every route of the app must have an entry here.
 */
export interface MatrixEntry {
  /** Who may call it, declared here independently of the route table: 'public', 'any' signed-in user, a user type, or a permission. */
  /** A list of permissions means any one of them (a route whose service decides per permission). */
  /** 'company': a WeChat user bound to a company (003's customer reads; unbound or factory users are refused). */
  access: 'public' | 'any' | 'staff' | 'wechat' | 'company' | PermissionCode | readonly PermissionCode[];
  /** 'jiedan': a bid; own for a factory user when its factory's, for staff when on an order in their scope. */
  /** 'progress': an order's progress; own for its owner, its bound company and the factory supplying it. */
  /** 'company': an order or material of the bound company (003). */
  /** 'task': a to-do task; own when assigned to the actor, and every task for holders of tasks.assign. */
  scope:
    'none' | 'factory' | 'customer' | 'quotation' | 'contract' | 'order' | 'jiedan' | 'progress' | 'company' | 'task';
  /** The route refuses other user types (403) before looking at permissions. */
  userType?: 'staff' | 'wechat';
  path?: (f: Fixtures, actor: Actor, which: Which) => string;
  body?: (f: Fixtures) => object;
  /** A multipart/form-data file to send instead of a JSON body. */
  upload?: { field: string; filename: string; contentType: string; bytes: Buffer };
}

/** A valid 1×1 PNG: what the upload routes receive in the matrix. */
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const pngUpload = { field: 'file', filename: 'matrix.png', contentType: 'image/png', bytes: ONE_PIXEL_PNG };

const factoryFor = (f: Fixtures, actor: Actor, which: Which) =>
  which === 'own' && actor.scope === 'factory' ? f.demoFactoryId : f.otherFactoryId;
const customerFor = (f: Fixtures, _actor: Actor, which: Which) =>
  which === 'foreign' ? f.otherCustomerId : f.salesCustomerId;

const crmFor = (f: Fixtures, actor: Actor, which: Which) => f.crm[actor.name][which];
const crmPath =
  (prefix: string, suffix = '') =>
  (f: Fixtures, a: Actor, w: Which) =>
    `${prefix}/${crmFor(f, a, w)}${suffix}`;

const quotationPath =
  (suffix = '', kind: 'draft' | 'sent' = 'draft') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/quotations/${f.quotations[w][kind]}${suffix}`;

const orderPath =
  (suffix = '', kind: keyof MatrixOrder = 'order') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/orders/${f.orders[w][kind]}${suffix}`;
const orderRoute = (access: PermissionCode, path: MatrixEntry['path'], body?: MatrixEntry['body']): MatrixEntry => ({
  access,
  scope: 'order',
  userType: 'staff',
  path,
  body,
});
const staffRoute = (access: PermissionCode, path?: MatrixEntry['path'], body?: MatrixEntry['body']): MatrixEntry => ({
  access,
  scope: 'none',
  userType: 'staff',
  path,
  body,
});
const reason = () => ({ reason: '矩阵' });

const ticketPath =
  (suffix = '') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/service-tickets/${f.tickets[w].ticket}${suffix}`;

const jiedanPath =
  (kind: keyof MatrixJiedan, suffix = '') =>
  (f: Fixtures, _a: Actor, w: Which) =>
    `/api/jiedan/${f.jiedans[w][kind]}${suffix}`;
const jiedanRoute = (
  access: MatrixEntry['access'],
  path: MatrixEntry['path'],
  extra: Pick<MatrixEntry, 'body' | 'userType'> = {},
): MatrixEntry => ({ access, scope: 'jiedan', path, ...extra });

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
  'GET /api/customers': { access: 'customers.read', scope: 'none' },
  'POST /api/customers': { access: 'customers.create', scope: 'none', body: () => ({}) },
  'GET /api/customers/export': { access: 'customers.export', scope: 'none' },
  'GET /api/customers/:id': { access: 'customers.read', scope: 'customer', path: crmPath('/api/customers') },
  'PUT /api/customers/:id': {
    access: 'customers.update',
    scope: 'customer',
    path: crmPath('/api/customers'),
    body: () => ({ customerLevel: 'A' }),
  },
  'POST /api/customers/:id/contacts': {
    access: 'customers.update',
    scope: 'customer',
    path: crmPath('/api/customers', '/contacts'),
    body: () => ({ contactName: '矩阵联系人' }),
  },
  'PUT /api/customers/:id/stage': {
    access: 'customers.update',
    scope: 'customer',
    path: crmPath('/api/customers', '/stage'),
    body: () => ({ targetStage: 'prospect' }),
  },
  'PUT /api/customers/:id/owner': {
    access: 'customers.transfer',
    scope: 'customer',
    path: crmPath('/api/customers', '/owner'),
    body: () => ({ newOwnerId: 999999, transferReason: '矩阵' }),
  },
  'DELETE /api/customers/:id': {
    access: 'customers.delete',
    scope: 'customer',
    path: (f, a, w) => `/api/customers/${f.crm[a.name][w === 'own' ? 'ownDel' : 'foreignDel']}`,
  },
  'GET /api/leads': { access: 'leads.read', scope: 'none' },
  'POST /api/leads': { access: 'leads.create', scope: 'none', body: () => ({}) },
  'GET /api/leads/statistics': { access: 'leads.stats', scope: 'none' },
  'GET /api/dashboard': { access: 'dashboard.read', scope: 'none' },
  'POST /api/leads/import': { access: 'leads.import', scope: 'none' },
  'GET /api/leads/:id': { access: 'leads.read', scope: 'customer', path: crmPath('/api/leads') },
  'PUT /api/leads/:id': {
    access: 'leads.update',
    scope: 'customer',
    path: crmPath('/api/leads'),
    body: () => ({ hotelRooms: 10 }),
  },
  'POST /api/leads/:id/follow-up': {
    access: 'leads.update',
    scope: 'customer',
    path: crmPath('/api/leads', '/follow-up'),
    body: () => ({ followUpMethod: 'phone', followUpContent: '矩阵跟进' }),
  },
  'POST /api/leads/:id/convert': {
    access: 'leads.update',
    scope: 'customer',
    path: crmPath('/api/leads', '/convert'),
    body: () => ({ targetStage: 'initial_contact' }),
  },
  'PUT /api/leads/:id/assign': {
    access: 'leads.assign',
    scope: 'customer',
    path: crmPath('/api/leads', '/assign'),
    body: () => ({ ownerId: 999999 }),
  },
  'PUT /api/leads/:id/pool': {
    access: 'leads.update',
    scope: 'customer',
    path: crmPath('/api/leads', '/pool'),
    body: () => ({ abandonReason: '矩阵放弃' }),
  },
  'POST /api/leads/:id/claim': { access: 'leads.update', scope: 'customer', path: crmPath('/api/leads', '/claim') },
  'POST /api/quotations': { access: 'quotations.create', scope: 'none', body: () => ({}) },
  'GET /api/quotations': { access: 'quotations.read', scope: 'none' },
  'GET /api/quotations/:id': { access: 'quotations.read', scope: 'quotation', path: quotationPath() },
  'PUT /api/quotations/:id': {
    access: 'quotations.update',
    scope: 'quotation',
    path: quotationPath(),
    body: () => ({ notes: '矩阵' }),
  },
  'POST /api/quotations/:id/items': {
    access: 'quotations.update',
    scope: 'quotation',
    path: quotationPath('/items', 'sent'),
    body: () => ({ productId: 1, quantity: 1, actualPrice: 1 }),
  },
  'DELETE /api/quotations/:id/items/:itemId': {
    access: 'quotations.update',
    scope: 'quotation',
    path: (f, _a, w) => `/api/quotations/${f.quotations[w].sent}/items/${f.quotations[w].sentItemId}`,
  },
  'PUT /api/quotations/:id/validity': {
    access: 'quotations.update',
    scope: 'quotation',
    path: quotationPath('/validity'),
    body: () => ({ newValidUntil: '2099-12-31', extensionReason: '矩阵' }),
  },
  'POST /api/quotations/:id/send': { access: 'quotations.approve', scope: 'quotation', path: quotationPath('/send') },
  'POST /api/quotations/:id/accept': {
    access: 'quotations.approve',
    scope: 'quotation',
    path: quotationPath('/accept'),
  },
  'POST /api/quotations/:id/reject': {
    access: 'quotations.approve',
    scope: 'quotation',
    path: quotationPath('/reject'),
    body: () => ({ reasonCode: 'price' }),
  },
  'POST /api/quotations/:id/pdf': { access: 'quotations.read', scope: 'quotation', path: quotationPath('/pdf') },
  'POST /api/quotations/:id/convert-to-contract': {
    access: 'contracts.create',
    scope: 'quotation',
    path: quotationPath('/convert-to-contract'),
    body: () => ({ contractTitle: '矩阵合同', signedDate: '2026-01-01', deliveryDeadline: '2026-02-01' }),
  },
  ...CONTRACT_MATRIX,
  ...SHIPMENT_MATRIX,
  ...FINANCE_MATRIX,
  ...TASK_MATRIX,
  'POST /api/orders': staffRoute('orders.create', undefined, () => ({})),
  'GET /api/orders': staffRoute('orders.read'),
  'GET /api/orders/:id': orderRoute('orders.read', orderPath()),
  'PUT /api/orders/:id': orderRoute('orders.update', orderPath(), () => ({ remark: '矩阵' })),
  'GET /api/orders/:id/timeline': orderRoute('orders.read', orderPath('/timeline')),
  'POST /api/orders/:id/lock': orderRoute('orders.lock', orderPath('/lock'), reason),
  'POST /api/orders/:id/unlock': orderRoute('orders.unlock', orderPath('/unlock'), reason),
  'POST /api/orders/:id/halt': orderRoute('orders.halt', orderPath('/halt'), () => ({
    haltedReason: '矩阵',
    haltType: 'FULL',
  })),
  'POST /api/orders/:id/resume': orderRoute('orders.halt', orderPath('/resume'), () => ({ resumeReason: '矩阵' })),
  'POST /api/orders/:id/confirm-drawing': orderRoute('orders.update', orderPath('/confirm-drawing'), reason),
  'POST /api/orders/:id/complete': orderRoute('orders.delivery', orderPath('/complete')),
  'POST /api/orders/:id/split/preview': orderRoute('orders.split', orderPath('/split/preview'), () => ({})),
  'POST /api/orders/:id/split/confirm': orderRoute('orders.split', orderPath('/split/confirm'), () => ({})),
  'GET /api/orders/:id/purchase-orders': orderRoute('orders.read', orderPath('/purchase-orders', 'splitOrder')),
  'GET /api/purchase-orders': staffRoute('purchase_orders.read'),
  'POST /api/purchase-orders/:id/receive': staffRoute(
    'purchase_orders.receive',
    (f) => `/api/purchase-orders/${f.orders.own.purchaseOrder}/receive`,
    () => ({}),
  ),
  'POST /api/orders/:id/delivery/request': orderRoute('orders.delivery', orderPath('/delivery/request'), () => ({
    deliveryAddress: '矩阵地址',
  })),
  'POST /api/orders/:id/delivery/confirm': orderRoute('orders.delivery', orderPath('/delivery/confirm'), () => ({
    logisticsCompany: 'SF',
    trackingNumber: 'SF1234567890',
  })),
  'PUT /api/orders/:id/logistics': orderRoute('orders.update', orderPath('/logistics'), () => ({
    logisticsCompany: 'SF',
    trackingNumber: 'SF1234567890',
  })),
  'GET /api/orders/:id/logistics-track': orderRoute('orders.read', orderPath('/logistics-track')),
  'POST /api/orders/:id/delivery/sign': orderRoute('orders.delivery', orderPath('/delivery/sign'), () => ({})),
  'POST /api/logistics/kuaidi100/callback': { access: 'public', scope: 'none', body: () => ({}) },
  // Valid bodies: validation runs before the scope check, so an invalid one would answer 400 even for a foreign order.
  'POST /api/orders/:id/change-requests': orderRoute('orders.update', orderPath('/change-requests'), () => ({
    changeType: 'ADD_ITEM',
    changeReason: '矩阵',
    originalItems: [],
    newItems: [{ productName: '矩阵新增', quantity: 1, unitPrice: 1 }],
  })),
  'GET /api/orders/:id/change-requests': orderRoute('orders.read', orderPath('/change-requests')),
  'POST /api/change-requests/:id/approve': orderRoute(
    'orders.approve',
    (f, _a, w) => `/api/change-requests/${f.orders[w].changeRequest}/approve`,
    () => ({ approved: true }),
  ),
  'POST /api/change-requests/:id/reject': orderRoute(
    'orders.approve',
    (f, _a, w) => `/api/change-requests/${f.orders[w].changeRequest}/reject`,
    () => ({ rejectionReason: '矩阵' }),
  ),
  'POST /api/orders/:id/cancel': orderRoute('orders.cancel', orderPath('/cancel', 'splitOrder'), () => ({
    cancelReason: '矩阵',
    cancelType: 'FULL',
  })),
  'GET /api/orders/:id/cancel-requests': orderRoute('orders.read', orderPath('/cancel-requests', 'splitOrder')),
  'POST /api/cancel-requests/:id/approve': orderRoute(
    'orders.approve',
    (f, _a, w) => `/api/cancel-requests/${f.orders[w].cancelRequest}/approve`,
    () => ({ approved: false, rejectionReason: '矩阵' }),
  ),
  'POST /api/cancel-requests/:id/reject': orderRoute(
    'orders.approve',
    (f, _a, w) => `/api/cancel-requests/${f.orders[w].cancelRequest}/reject`,
    () => ({ rejectionReason: '矩阵' }),
  ),
  'POST /api/jiedan': {
    access: 'jiedan.create',
    scope: 'none',
    userType: 'wechat',
    body: (f) => ({ order_id: f.orders.own.order, factory_id: f.demoFactoryId, price: 1 }),
  },
  'GET /api/jiedan/:id': jiedanRoute('jiedan.read', jiedanPath('pending')),
  // A factory's "foreign" order is one it never bid on, does not supply and that takes no bids.
  'GET /api/orders/:orderId/progress': {
    access: 'progress.read',
    scope: 'progress',
    path: (f, _a, w) => `/api/orders/${f.progress[w].order}/progress`,
  },
  'POST /api/orders/:orderId/progress': {
    access: 'progress.write',
    scope: 'progress',
    userType: 'wechat',
    path: (f, _a, w) => `/api/orders/${f.progress[w].order}/progress`,
    // order_id names no order of the path: a visible order answers 400 (allowed), a hidden one 404 first.
    body: (f) => ({ order_id: 1, factory_id: f.demoFactoryId, type: 'design', status: 'in_progress' }),
  },
  'PUT /api/orders/:orderId/progress/:id': {
    access: 'progress.write',
    scope: 'progress',
    userType: 'wechat',
    path: (f, _a, w) => `/api/orders/${f.progress[w].order}/progress/${f.progress[w].edit}`,
    body: () => ({ status: 'on_hold' }),
  },
  'DELETE /api/orders/:orderId/progress/:id': {
    access: 'progress.write',
    scope: 'progress',
    userType: 'wechat',
    path: (f, _a, w) => `/api/orders/${f.progress[w].order}/progress/${f.progress[w].remove}`,
  },
  'GET /api/orders/:orderId/jiedans': jiedanRoute('jiedan.read', (f, a, w) => {
    const order =
      w === 'own' ? f.orders.own.order : a.scope === 'factory' ? f.orders.foreign.splitOrder : f.orders.foreign.order;
    return `/api/orders/${order}/jiedans`;
  }),
  'GET /api/factories/:factoryId/jiedans': {
    access: 'jiedan.read',
    scope: 'factory',
    path: (f, a, w) => `/api/factories/${factoryFor(f, a, w)}/jiedans`,
  },
  'POST /api/jiedan/:id/accept': jiedanRoute('jiedan.approve', jiedanPath('pending', '/accept'), {
    userType: 'staff',
    body: () => ({}),
  }),
  'POST /api/jiedan/:id/reject': jiedanRoute('jiedan.approve', jiedanPath('pending', '/reject'), {
    userType: 'staff',
    body: () => ({ reason: '矩阵' }),
  }),
  // A price change is the factory's (status changes are staff's: tests/integration/jiedan.test.ts).
  'PUT /api/jiedan/:id': jiedanRoute('jiedan.create', jiedanPath('pending'), {
    userType: 'wechat',
    body: () => ({ price: 2 }),
  }),
  // Factories withdraw their own bids, staff with jiedan.delete delete; the settled bid refuses both (422).
  'DELETE /api/jiedan/:id': jiedanRoute(['jiedan.create', 'jiedan.delete'], jiedanPath('settled')),
  'GET /api/factories/:factoryId/jiedan-statistics': {
    access: 'jiedan.read',
    scope: 'factory',
    path: (f, a, w) => `/api/factories/${factoryFor(f, a, w)}/jiedan-statistics`,
  },
  'GET /api/factory/orders': { access: 'jiedan.read', scope: 'none', userType: 'wechat' },
  'POST /api/files/upload': { access: 'files.upload', scope: 'none', upload: pngUpload },
  'POST /api/upload': { access: 'files.upload', scope: 'none', upload: pngUpload },
  // 003 subscribe messages: a WeChat user to itself (in mock mode; without a grant the send is a 409, still allowed).
  'POST /api/wechat/template-msg': {
    access: 'wechat.send',
    scope: 'none',
    userType: 'wechat',
    body: () => ({ templateId: 'tpl-matrix', data: { thing1: { value: '矩阵' } } }),
  },
  'POST /api/wechat/subscriptions': {
    access: 'wechat.send',
    scope: 'none',
    userType: 'wechat',
    body: () => ({ results: { 'tpl-matrix': 'accept' } }),
  },
  'GET /api/wechat/subscriptions': { access: 'wechat.send', scope: 'none', userType: 'wechat' },
  'GET /api/wechat/notice-templates': { access: 'wechat.send', scope: 'none', userType: 'wechat' },
  'GET /api/health/check': {
    access: 'public',
    scope: 'none',
  },
  'GET /api/metrics/performance': {
    access: 'monitor.read',
    scope: 'none',
  },
  'GET /api/orders/search': { access: 'company', scope: 'none', userType: 'wechat' },
  'GET /api/orders/:order_id/status': {
    access: 'company',
    scope: 'company',
    userType: 'wechat',
    path: (f, _a, w) => `/api/orders/${f.orders[w].order}/status`,
  },
  'GET /api/orders/:order_id/materials': {
    access: 'company',
    scope: 'company',
    userType: 'wechat',
    path: (f, _a, w) => `/api/orders/${f.orders[w].order}/materials`,
  },
  'GET /api/materials/:material_id/progress': {
    access: 'company',
    scope: 'company',
    userType: 'wechat',
    path: (f, _a, w) => `/api/materials/${f.materials[w]}/progress`,
  },
  'GET /api/erp/status': { access: 'monitor.read', scope: 'none', userType: 'staff' },
  'GET /api/service-tickets/statistics': { access: 'tickets.read', scope: 'none' },
  'GET /api/service-tickets': { access: 'tickets.read', scope: 'none' },
  'POST /api/service-tickets': {
    access: 'tickets.create',
    scope: 'none',
    body: (f) => ({
      ticketType: 'repair',
      ticketTitle: '矩阵',
      customerId: f.salesCustomerId,
      problemDescription: '矩阵',
    }),
  },
  'GET /api/service-tickets/:id': { access: 'tickets.read', scope: 'customer', path: ticketPath() },
  'PUT /api/service-tickets/:id': {
    access: 'tickets.update',
    scope: 'customer',
    path: ticketPath(),
    body: () => ({ priority: 'high' }),
  },
  'PUT /api/service-tickets/:id/assign': {
    access: 'tickets.assign',
    scope: 'customer',
    path: ticketPath('/assign'),
    body: (f) => ({ assignedTo: f.tickets.own.handlerId, assignReason: '矩阵' }),
  },
  'PUT /api/service-tickets/:id/resolve': {
    access: 'tickets.close',
    scope: 'customer',
    path: ticketPath('/resolve'),
    body: () => ({ problemAnalysis: '矩阵', solution: '矩阵' }),
  },
  'PUT /api/service-tickets/:id/close': {
    access: 'tickets.close',
    scope: 'customer',
    path: ticketPath('/close'),
    body: () => ({ closeNote: '矩阵' }),
  },
  'POST /api/service-tickets/:id/logs': {
    access: 'tickets.update',
    scope: 'customer',
    path: ticketPath('/logs'),
    body: () => ({ logType: 'comment', logContent: '矩阵' }),
  },
  'POST /api/service-tickets/:id/rating': {
    access: 'tickets.update',
    scope: 'customer',
    path: ticketPath('/rating'),
    body: () => ({ customerRating: 5 }),
  },
};
