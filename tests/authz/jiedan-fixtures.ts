import { as } from '../helpers/order-fixtures';
import type { TestApp } from '../helpers/test-app';
import { nextIp } from './actors';
import { matrixOrder, matrixProduct, matrixSplit, ok, type MatrixOrder } from './order-fixtures';

/**
 * Per side, the bids the jiedan routes name. 'own': bids of the demo factory (the factory actor's) on orders of the
 * `sales` user's customer; 'foreign': bids of the other factory on another owner's orders.
 */
export interface MatrixJiedan {
  /** A pending bid on the side's plain order (the matrix accepts, rejects and re-prices it). */
  pending: number;
  /** An accepted bid on an order already split by it: nobody may delete it (422), so DELETE leaves it in place. */
  settled: number;
}

/** A WeChat user bound to a factory with the invite code. */
async function factoryToken(t: TestApp, name: string, inviteCode: string): Promise<string> {
  const login = await ok<{ token: string }>(
    'wx-login',
    t.http
      .post('/api/auth/wx-login')
      .set('x-forwarded-for', nextIp())
      .send({ code: `mock:${name}` }),
  );
  await ok(
    'bind',
    t.http.post('/api/auth/bind-company').set(as(login.token)).set('x-forwarded-for', nextIp()).send({ inviteCode }),
  );
  return login.token;
}

/** Bids built through the API (factory users bid, the admin accepts and splits), for the authorization matrix. */
export async function matrixJiedans(
  t: TestApp,
  admin: string,
  s: {
    customers: { own: number; foreign: number };
    categoryId: number;
    otherFactoryId: number;
    orders: Record<'own' | 'foreign', MatrixOrder>;
  },
): Promise<Record<'own' | 'foreign', MatrixJiedan>> {
  const auth = as(admin);
  const code = await ok<{ inviteCode: string }>(
    'invite code',
    t.http.post(`/api/factories/${s.otherFactoryId}/invite-code`).set(auth),
  );
  const bidders = {
    own: await factoryToken(t, 'matrix-jiedan-demo', 'DEMO-FACTORY'),
    foreign: await factoryToken(t, 'matrix-jiedan-other', code.inviteCode),
  };
  const product = await matrixProduct(t, admin, 'MATRIX-J', s.categoryId);
  const bid = (token: string, orderId: number) =>
    ok<{ id: number }>('bid', t.http.post('/api/jiedan').set(as(token)).send({ order_id: orderId, price: 10 }));
  const build = async (side: 'own' | 'foreign'): Promise<MatrixJiedan> => {
    const pending = await bid(bidders[side], s.orders[side].order);
    const orderId = await matrixOrder(t, admin, s.customers[side], product);
    const settled = await bid(bidders[side], orderId);
    await ok('accept', t.http.post(`/api/jiedan/${settled.id}/accept`).set(auth).send({}));
    await matrixSplit(t, admin, orderId);
    return { pending: pending.id, settled: settled.id };
  };
  return { own: await build('own'), foreign: await build('foreign') };
}
