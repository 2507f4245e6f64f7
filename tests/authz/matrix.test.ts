import { matrixQuotations } from '../helpers/quotation-fixtures';
import { matrixOrders } from './order-fixtures';
import { matrixJiedans } from './jiedan-fixtures';
import { matrixProgress } from './progress-fixtures';
import { matrixTickets } from './ticket-fixtures';
import { matrixContracts } from './contract-fixtures';
import { matrixShipments } from './shipment-fixtures';
import { matrixFinance } from './finance-fixtures';
import { matrixTasks } from './task-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { loadActors, nextIp, type Actor } from './actors';
import { MATRIX, type Fixtures, type MatrixEntry, type Which } from './route-matrix';

type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | 'hidden';

const UNAUTHENTICATED = new Set(['UNAUTHORIZED', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED']);
const FORBIDDEN = new Set(['FORBIDDEN', 'WECHAT_ONLY', 'COMPANY_NOT_BOUND']);

function classify(status: number, errorCode: string | undefined): Outcome {
  if (status === 401 && errorCode && UNAUTHENTICATED.has(errorCode)) return 'unauthenticated';
  if (status === 403 && errorCode && FORBIDDEN.has(errorCode)) return 'forbidden';
  if (status === 404 && errorCode && errorCode !== 'ROUTE_NOT_FOUND') return 'hidden';
  return 'allowed';
}

/** What DESIGN.md and the seeded matrix (002 §11.2, 004 appendix A) say should happen. */
function expected(entry: MatrixEntry, actor: Actor, which: Which): Outcome {
  if (entry.access === 'public') return 'allowed';
  if (!actor.token) return 'unauthenticated';
  if (entry.userType && entry.userType !== actor.userType) return 'forbidden';
  if (entry.access === 'company') {
    if (actor.scope !== 'company') return 'forbidden';
  } else if (entry.access === 'staff' || entry.access === 'wechat') {
    if (entry.access !== actor.userType) return 'forbidden';
  } else if (entry.access !== 'any' && ![entry.access].flat().some((p) => actor.permissions.has(p))) return 'forbidden';
  // Tasks are scoped by assignee, not by data.all: managers (tasks.assign) see every task.
  if (entry.scope === 'task') return which === 'own' || actor.permissions.has('tasks.assign') ? 'allowed' : 'hidden';
  if (entry.scope === 'none' || actor.scope === 'all') return 'allowed';
  if (which === 'foreign') return 'hidden';
  if (entry.scope === 'jiedan' && actor.scope === 'factory') return 'allowed';
  if (entry.scope === 'company') return actor.scope === 'company' ? 'allowed' : 'hidden';
  if (entry.scope === 'progress' && (actor.scope === 'factory' || actor.scope === 'company')) return 'allowed';
  if (entry.scope === 'factory') return actor.scope === 'factory' ? 'allowed' : 'hidden';
  return actor.scope === 'owner' && actor.name === 'sales' ? 'allowed' : 'hidden';
}

describe('authorization matrix: every route × role × own/foreign object', () => {
  let t: TestApp;
  let actors: Actor[];
  let fixtures: Fixtures;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
    await seedDemo(t);
    actors = await loadActors(t);
    const admin = actors.find((a) => a.name === 'admin')?.token ?? '';
    const as = { authorization: `Bearer ${admin}` };
    const other = await t.http.post('/api/factories').set(as).send({ name: '矩阵他厂' });
    const factories = await t.http.get('/api/factories?keyword=FAC-0001').set(as);
    const dummy = await t.http
      .post('/api/users')
      .set(as)
      .send({ userCode: 'MATRIX1', realName: '矩阵', mobile: '13700000000', password: 'matrix123' });
    const roles = await t.http.get('/api/roles').set(as);
    const perms = await t.http.get('/api/permissions').set(as);
    const media = roles.body.data.find((r: { roleCode: string }) => r.roleCode === 'media');
    const otherCustomerId = await t.container.db.transaction((tx) =>
      t.container.repositories.customers.create(
        {
          customerCode: 'CUST-MATRIX-1',
          customerName: '别人的客户',
          customerStage: 'client',
          ownerId: dummy.body.data.userId,
          createdBy: null,
        },
        tx,
      ),
    );
    const category = await t.http
      .post('/api/products/categories')
      .set(as)
      .send({ categoryName: '矩阵分类', categoryCode: 'MATRIX' });
    const product = await t.http.post('/api/products').set(as).send({
      productCode: 'MATRIX-1',
      productName: '矩阵产品',
      categoryId: category.body.data.categoryId,
      salePrice: 1,
    });
    const salesProfile = await t.http
      .get('/api/auth/profile')
      .set('authorization', `Bearer ${actors.find((a) => a.name === 'sales')?.token ?? ''}`);
    let n = 0;
    const lead = async (ownerId: number) => {
      n += 1;
      const res = await t.http
        .post('/api/leads')
        .set(as)
        .send({ customerName: `矩阵线索${n}`, customerStage: 'lead', ownerId });
      return res.body.data.customerId as number;
    };
    const crm: Fixtures['crm'] = {};
    for (const actor of actors) {
      const [own, foreign, ownDel, foreignDel] = [
        await lead(salesProfile.body.data.id),
        await lead(dummy.body.data.userId),
        await lead(salesProfile.body.data.id),
        await lead(dummy.body.data.userId),
      ];
      crm[actor.name] = { own, foreign, ownDel, foreignDel };
    }
    const quotations = await matrixQuotations(
      t,
      admin,
      { own: 1, foreign: otherCustomerId },
      category.body.data.categoryId,
    );
    const orders = await matrixOrders(
      t,
      admin,
      { own: 1, foreign: otherCustomerId },
      category.body.data.categoryId,
      other.body.data.factoryId,
    );
    const jiedans = await matrixJiedans(t, admin, {
      customers: { own: 1, foreign: otherCustomerId },
      categoryId: category.body.data.categoryId,
      otherFactoryId: other.body.data.factoryId,
      orders,
    });
    const progress = await matrixProgress(t, admin, {
      customers: { own: 1, foreign: otherCustomerId },
      categoryId: category.body.data.categoryId,
      factories: { demo: factories.body.data.list[0].factoryId, other: other.body.data.factoryId },
    });
    const contracts = await matrixContracts(t, admin, { own: 1, foreign: otherCustomerId });
    const shipments = await matrixShipments(
      t,
      admin,
      { own: 1, foreign: otherCustomerId },
      product.body.data.productId,
    );
    const finance = await matrixFinance(t, admin, contracts);
    const lineOf = async (orderId: number) =>
      Number((await t.container.db.select('SELECT MIN(id) AS id FROM order_items WHERE orderId = ?', [orderId]))[0].id);
    const tickets = await matrixTickets(t, admin, { own: 1, foreign: otherCustomerId });
    const tasks = await matrixTasks(t, actors, dummy.body.data.userId);
    fixtures = {
      tasks,
      tickets,
      materials: { own: await lineOf(orders.own.order), foreign: await lineOf(orders.foreign.order) },
      jiedans,
      progress,
      contracts,
      shipments,
      finance,
      orders,
      quotations,
      crm,
      categoryId: category.body.data.categoryId,
      productId: product.body.data.productId,
      otherFactoryId: other.body.data.factoryId,
      demoFactoryId: factories.body.data.list[0].factoryId,
      salesCustomerId: 1,
      otherCustomerId,
      dummyUserId: dummy.body.data.userId,
      mediaRoleId: media.roleId,
      mediaPermissionIds: perms.body.data
        .filter((p: { code: string }) => media.permissions.includes(p.code))
        .map((p: { permissionId: number }) => p.permissionId),
    };
    // Some hundred requests build the fixtures (quotations, orders, splits, requests): more than jest's 5 s on a busy machine.
  }, 60_000);
  afterAll(() => t.close());

  it('has a matrix entry for every registered route, and no entry for a route that does not exist', () => {
    const registered = t.container.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(registered);
  });

  it('answers each route for each actor as the permission matrix and data scope say', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of t.container.routes) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      const entry = MATRIX[key];
      for (const actor of actors) {
        for (const which of entry.scope === 'none' ? (['own'] as const) : (['own', 'foreign'] as const)) {
          const path = entry.path ? entry.path(fixtures, actor, which) : route.path;
          let req = t.http[route.method](path).set('x-forwarded-for', nextIp());
          if (actor.token) req = req.set('authorization', `Bearer ${actor.token}`);
          if (entry.upload) {
            const { field, bytes, filename, contentType } = entry.upload;
            req = req.attach(field, bytes, { filename, contentType });
          }
          const res = await (entry.body ? req.send(entry.body(fixtures)) : req);
          const got = classify(res.status, res.body?.error?.code);
          const want = expected(entry, actor, which);
          checked += 1;
          if (got !== want)
            mismatches.push(
              `${key} as ${actor.name} (${which}): expected ${want}, got ${got} ${res.status} ${res.body?.error?.code ?? ''}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(t.container.routes.length * actors.length);
    // Several thousand requests (every route × actor × own/foreign), some rendering PDFs: more than jest's 5 s.
  }, 60_000);
});
