import type { DeliveryStatus } from '@app/shared';
import { OrderItemModel, UserModel, WechatMessageLogModel, WechatSubscriptionModel } from '@app/server/src/db/models';
import { MockWechatClient } from '@app/server/src/integrations/wechat/wechat.client';
import { LiveWechatMessenger, WechatMessageApi } from '@app/server/src/integrations/wechat/wechat-message.client';
import { AccessTokenManager } from '@app/server/src/integrations/wechat/wechat-token.manager';
import { DatabaseJobLock } from '@app/server/src/jobs/job-lock';
import { DatabaseTokenStore } from '@app/server/src/modules/notices/notices.repository';
import { startFakeWechat, type FakeSubscribeBody, type FakeWechat } from '../fakes/fake-wechat';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { factoryUser, freshIp, type FactoryUser } from '../helpers/jiedan-fixtures';
import { as, buildOrderWorld, newOrder, type OrderWorld } from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

interface SendResult {
  msgid: string;
  status: string;
  sendTime: number;
}
interface Grant {
  templateId: string;
  remaining: number;
  lastResult: string;
}

const TPL_PROGRESS = 'tpl-progress-1';
const TPL_SHIPPED = 'tpl-shipped-1';
const TPL_DELIVERED = 'tpl-delivered-1';
const DATA = { thing1: { value: '订单进度更新' }, time2: { value: '2026-03-02 10:00' } };

/** Polls until `check` holds (notices go out after commit, asynchronously), at most `ms`. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('WeChat subscribe messages and notices (003) against a fake WeChat server', () => {
  let t: TestApp;
  let wx: FakeWechat;
  let w: OrderWorld;
  let factory: FactoryUser;
  let n = 0;

  /** A WeChat user (mock login) bound to the demo customer; returns its token, id and openid. */
  async function customerUser(name = `wn-user-${++n}`) {
    const login = await t.http
      .post('/api/auth/wx-login')
      .set('x-forwarded-for', freshIp())
      .send({ code: `mock:${name}` });
    const token = login.body.data.token as string;
    const bound = await t.http
      .post('/api/auth/bind-company')
      .set(as(token))
      .set('x-forwarded-for', freshIp())
      .send({ inviteCode: 'DEMO-HOTEL' });
    expect(bound.status).toBe(200);
    const userId = Number(login.body.data.userId);
    const user = await UserModel.findByPk(userId);
    return { token, userId, openid: String(user?.openid) };
  }
  const grant = (token: string, results: Record<string, string>) =>
    t.http.post('/api/wechat/subscriptions').set(as(token)).send({ results });
  const accept = async (token: string, templateId: string, times = 1) => {
    for (let i = 0; i < times; i += 1) expectSuccess(await grant(token, { [templateId]: 'accept' }));
  };
  const send = (token: string, templateId: string, data: object = DATA, page = 'pages/index/index') =>
    t.http.post('/api/wechat/template-msg').set(as(token)).send({ templateId, data, page });
  const remaining = async (userId: number, templateId: string) =>
    Number((await WechatSubscriptionModel.findOne({ where: { userId, templateId } }))?.remaining ?? 0);

  beforeAll(async () => {
    wx = await startFakeWechat();
    t = await startTestApp(
      {
        WECHAT_MODE: 'live',
        WECHAT_APP_ID: 'wx-notices-app',
        WECHAT_APP_SECRET: 'wx-notices-secret',
        WECHAT_API_BASE: wx.baseUrl,
        WECHAT_TIMEOUT_MS: '500',
        TRUST_PROXY: 'true',
        WECHAT_TEMPLATE_PROGRESS: TPL_PROGRESS,
        WECHAT_TEMPLATE_SHIPPED: TPL_SHIPPED,
        WECHAT_TEMPLATE_DELIVERED: TPL_DELIVERED,
      },
      // Logins through the mock client (mock:<name>); subscribe messages go to the fake WeChat server (live).
      { wechat: new MockWechatClient() },
    );
    await seedDemo(t);
    w = await buildOrderWorld(t);
    factory = await factoryUser(t, 'wn-factory', 'DEMO-FACTORY');
  }, 90_000);
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  describe('POST /api/wechat/template-msg', () => {
    it('sends to the signed-in user itself, spends one grant and logs the send', async () => {
      const u = await customerUser();
      await accept(u.token, 'tpl-api-1');
      expect(await remaining(u.userId, 'tpl-api-1')).toBe(1);
      const before = Date.now();
      const sent = expectSuccess<SendResult>(await send(u.token, 'tpl-api-1'), '消息发送成功');
      expect(sent).toEqual({ msgid: expect.any(String), status: 'sent', sendTime: expect.any(Number) });
      expect(sent.sendTime).toBeGreaterThanOrEqual(before - 1000);
      const received = wx.delivered().find((m) => m.touser === u.openid);
      expect(received).toEqual({
        touser: u.openid,
        template_id: 'tpl-api-1',
        page: 'pages/index/index',
        data: DATA,
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      });
      expect(wx.tokenCalls[0]).toMatchObject({ grant_type: 'client_credential', appid: 'wx-notices-app' });
      expect(await remaining(u.userId, 'tpl-api-1')).toBe(0);
      const log = await WechatMessageLogModel.findOne({ where: { userId: u.userId, templateId: 'tpl-api-1' } });
      expect(log).toMatchObject({ result: 'sent', errcode: 0, msgid: sent.msgid, page: 'pages/index/index' });
      // The grant is spent: the second send is refused before WeChat is asked.
      const sends = wx.sends.length;
      const again = expectFailure(await send(u.token, 'tpl-api-1'), 409, 'WECHAT_NOT_SUBSCRIBED');
      expect(again.message).toBe('用户未订阅该消息');
      expect(wx.sends.length).toBe(sends);
      expect(await WechatMessageLogModel.count({ where: { userId: u.userId, result: 'no_grant' } })).toBe(1);
    });

    it.each([
      [{ thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } }, 'data.thing1'],
      [{ phrase3: { value: '已经全部发货' } }, 'data.phrase3'],
      [{ time2: { value: '明天上午' } }, 'data.time2'],
      [{ title: { value: 'x' } }, 'data.title'],
    ])('refuses %j with 400 naming the key, spending and sending nothing', async (data, field) => {
      const u = await customerUser();
      await accept(u.token, 'tpl-api-2');
      const sends = wx.sends.length;
      const failure = expectFailure(await send(u.token, 'tpl-api-2', data), 400, 'VALIDATION_ERROR');
      expect(failure.message).toContain(field);
      expect(wx.sends.length).toBe(sends);
      expect(await remaining(u.userId, 'tpl-api-2')).toBe(1);
    });

    it('refuses a body without templateId or data with 400', async () => {
      const u = await customerUser();
      const a = expectFailure(
        await t.http.post('/api/wechat/template-msg').set(as(u.token)).send({ data: DATA }),
        400,
        'VALIDATION_ERROR',
      );
      expect(a.message).toContain('templateId');
      expectFailure(
        await t.http.post('/api/wechat/template-msg').set(as(u.token)).send({ templateId: 'x' }),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('records 43101 (user refused): the grant is cleared, 409, logged with the errcode', async () => {
      const u = await customerUser();
      await accept(u.token, 'tpl-refused-1', 3);
      const failure = expectFailure(await send(u.token, 'tpl-refused-1'), 409, 'WECHAT_NOT_SUBSCRIBED');
      expect(failure.message).toBe('用户未订阅该消息');
      expect(await remaining(u.userId, 'tpl-refused-1')).toBe(0);
      const log = await WechatMessageLogModel.findOne({ where: { userId: u.userId, templateId: 'tpl-refused-1' } });
      expect(log).toMatchObject({ result: 'refused', errcode: 43101 });
      const grants = expectSuccess<Grant[]>(await t.http.get('/api/wechat/subscriptions').set(as(u.token)));
      expect(grants).toEqual([{ templateId: 'tpl-refused-1', remaining: 0, lastResult: 'refused' }]);
    });

    it('gives the grant back when WeChat refuses the data (47003): 400', async () => {
      const u = await customerUser();
      await accept(u.token, 'tpl-baddata-1');
      expectFailure(await send(u.token, 'tpl-baddata-1'), 400, 'VALIDATION_ERROR');
      expect(await remaining(u.userId, 'tpl-baddata-1')).toBe(1);
      const log = await WechatMessageLogModel.findOne({ where: { userId: u.userId, templateId: 'tpl-baddata-1' } });
      expect(log).toMatchObject({ result: 'invalid', errcode: 47003 });
    });

    it('answers 504 within the timeout when WeChat hangs, and 502 for a malformed answer, never 500', async () => {
      const u = await customerUser();
      await accept(u.token, 'tpl-hang-1');
      await accept(u.token, 'tpl-malformed-1');
      const started = Date.now();
      expectFailure(await send(u.token, 'tpl-hang-1'), 504, 'WECHAT_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(500 + 1500);
      expectFailure(await send(u.token, 'tpl-malformed-1'), 502, 'WECHAT_ERROR');
      const logs = await WechatMessageLogModel.findAll({ where: { userId: u.userId }, order: [['id', 'ASC']] });
      expect(logs.map((l) => l.result)).toEqual(['failed', 'failed']);
    });

    it('limits a user to 10 sends a minute, with RateLimit-* headers and Retry-After', async () => {
      const u = await customerUser();
      await accept(u.token, 'tpl-rate-1', 11);
      for (let i = 1; i <= 10; i += 1) {
        const res = await send(u.token, 'tpl-rate-1');
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit-limit']).toBe('10');
        expect(res.headers['ratelimit-remaining']).toBe(String(10 - i));
      }
      const limited = await send(u.token, 'tpl-rate-1');
      expectFailure(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['ratelimit-remaining']).toBe('0');
      expect(await remaining(u.userId, 'tpl-rate-1')).toBe(1);
    });

    it('refreshes an expired access_token exactly once for 50 parallel sends', async () => {
      const users = [];
      for (let i = 0; i < 5; i += 1) {
        const u = await customerUser();
        await accept(u.token, 'tpl-burst-1', 10);
        users.push(u);
      }
      // Make sure a token is held, then let WeChat expire it.
      const warm = await customerUser();
      await accept(warm.token, 'tpl-burst-1');
      expectSuccess(await send(warm.token, 'tpl-burst-1'));
      const calls = wx.tokenCalls.length;
      wx.expireTokens();
      const answers = await Promise.all(
        users.flatMap((u) => Array.from({ length: 10 }, () => send(u.token, 'tpl-burst-1'))),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(wx.tokenCalls.length).toBe(calls + 1);
      expect(wx.tokenCalls.at(-1)?.force_refresh).toBe(true);
      for (const u of users) expect(await remaining(u.userId, 'tpl-burst-1')).toBe(0);
    });
  });

  it('refreshes once between two instances sharing the database: the other reads the new token from it', async () => {
    // A second instance's token manager: its own memory, the same store and lease (the database, no Redis here).
    const api = new WechatMessageApi({
      apiBase: wx.baseUrl,
      appId: 'wx-notices-app',
      appSecret: 'wx-notices-secret',
      timeoutMs: 500,
    });
    const secondTokens = new AccessTokenManager({
      source: api,
      store: new DatabaseTokenStore(t.container.db, 'wechat-access-token:wx-notices-app'),
      lock: new DatabaseJobLock(t.container.db),
      now: () => Date.now(),
    });
    const second = new LiveWechatMessenger(api, secondTokens);
    const u = await customerUser();
    await accept(u.token, 'tpl-multi-1', 10);
    // Both instances hold the current token before WeChat expires it.
    expect(await secondTokens.get()).toMatch(/^tok-/);
    const calls = wx.tokenCalls.length;
    wx.expireTokens();
    const [viaHttp, direct] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, () => send(u.token, 'tpl-multi-1'))),
      Promise.all(
        Array.from({ length: 10 }, () => second.send({ touser: u.openid, template_id: 'tpl-multi-1', data: DATA })),
      ),
    ]);
    expect(viaHttp.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(direct.map((r) => r.errcode)).toEqual(Array(10).fill(0));
    expect(wx.tokenCalls.length).toBe(calls + 1);
  });

  describe('GET /api/wechat/notice-templates', () => {
    it('lists the configured notices with their template ids, for customers only', async () => {
      const u = await customerUser();
      expect(expectSuccess(await t.http.get('/api/wechat/notice-templates').set(as(u.token)))).toEqual([
        { event: 'progress', templateId: TPL_PROGRESS, title: '生产进度更新通知' },
        { event: 'shipped', templateId: TPL_SHIPPED, title: '订单发货通知' },
        { event: 'delivered', templateId: TPL_DELIVERED, title: '订单签收通知' },
      ]);
      const staff = await t.login('admin', 'admin123');
      expectFailure(await t.http.get('/api/wechat/notice-templates').set(as(staff)), 403, 'WECHAT_ONLY');
    });
  });

  describe('POST /api/wechat/subscriptions', () => {
    it('adds one send per accept, keeps the count on reject, clears it on ban', async () => {
      const u = await customerUser();
      const first = expectSuccess<Grant[]>(
        await grant(u.token, { 'tpl-a': 'accept', 'tpl-b': 'reject' }),
        '订阅已记录',
      );
      expect(first).toEqual([
        { templateId: 'tpl-a', remaining: 1, lastResult: 'accept' },
        { templateId: 'tpl-b', remaining: 0, lastResult: 'reject' },
      ]);
      await accept(u.token, 'tpl-a');
      expect(await remaining(u.userId, 'tpl-a')).toBe(2);
      expectSuccess(await grant(u.token, { 'tpl-a': 'reject' }));
      expect(await remaining(u.userId, 'tpl-a')).toBe(2);
      expectSuccess(await grant(u.token, { 'tpl-a': 'ban' }));
      expect(await remaining(u.userId, 'tpl-a')).toBe(0);
    });

    it('refuses an unknown result, an empty object and a bad template id with 400', async () => {
      const u = await customerUser();
      expectFailure(await grant(u.token, { 'tpl-a': 'maybe' }), 400, 'VALIDATION_ERROR');
      expectFailure(await grant(u.token, {}), 400, 'VALIDATION_ERROR');
      expectFailure(await grant(u.token, { 'bad id!': 'accept' }), 400, 'VALIDATION_ERROR');
    });
  });

  describe('notices on order events', () => {
    /** A new order of the demo customer, split to the demo factory. */
    async function orderForFactory(): Promise<{ id: number; orderNo: string }> {
      const created = await newOrder(t, w, {
        quotation: { items: [{ productId: w.products.host, quantity: 1, actualPrice: 100 }] },
        order: { paymentAmount: '0.01' },
      });
      const detail = expectSuccess<{ orderNo: string; items: { id: number; quantity: number }[] }>(
        await t.http.get(`/api/orders/${created.id}`).set(as(w.tokens.sales)),
      );
      expectSuccess(
        await t.http
          .post(`/api/orders/${created.id}/split/confirm`)
          .set(as(w.tokens.customerService))
          .send({
            purchaseOrders: [
              {
                supplierId: factory.factoryId,
                items: [{ itemId: detail.items[0].id, quantity: detail.items[0].quantity }],
              },
            ],
          }),
      );
      return { id: created.id, orderNo: detail.orderNo };
    }
    const noticesFor = (openid: string, templateId: string): FakeSubscribeBody[] =>
      wx.delivered().filter((m) => m.touser === openid && m.template_id === templateId);

    it('sends one progress notice to the bound user who granted it, with the order page; none to the others', async () => {
      const granted = await customerUser();
      const other = await customerUser();
      await accept(granted.token, TPL_PROGRESS);
      await accept(other.token, 'tpl-something-else');
      const order = await orderForFactory();
      const posted = await t.http
        .post(`/api/orders/${order.id}/progress`)
        .set(as(factory.token))
        .send({ order_id: order.id, factory_id: factory.factoryId, type: 'production', status: 'in_progress' });
      expect(posted.status).toBe(200);
      await eventually(() => noticesFor(granted.openid, TPL_PROGRESS).length === 1);
      const [notice] = noticesFor(granted.openid, TPL_PROGRESS);
      expect(notice.page).toBe(`customer/pages/order/index?orderId=${order.id}`);
      expect(notice.data).toMatchObject({
        character_string1: { value: order.orderNo },
        thing2: { value: '生产' },
        phrase3: { value: '进行中' },
        time4: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) },
      });
      expect(await remaining(granted.userId, TPL_PROGRESS)).toBe(0);
      expect(wx.sends.filter((s) => s.body.touser === other.openid)).toEqual([]);
      const log = await WechatMessageLogModel.findOne({ where: { userId: granted.userId, source: 'progress' } });
      expect(log).toMatchObject({ result: 'sent', orderId: order.id });
      // The grant is spent: the next post sends nothing more to that user.
      const again = await t.http
        .post(`/api/orders/${order.id}/progress`)
        .set(as(factory.token))
        .send({ order_id: order.id, factory_id: factory.factoryId, type: 'quality', status: 'in_progress' });
      expect(again.status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(noticesFor(granted.openid, TPL_PROGRESS)).toHaveLength(1);
    });

    it('sends the shipped and delivered notices to the granting user', async () => {
      const u = await customerUser();
      await accept(u.token, TPL_SHIPPED);
      await accept(u.token, TPL_DELIVERED);
      const created = await newOrder(t, w);
      await readyToDeliver(created.id);
      expectSuccess(
        await t.http
          .post(`/api/orders/${created.id}/delivery/request`)
          .set(as(w.tokens.sales))
          .send({ deliveryAddress: '北京市朝阳区XXX小区' }),
      );
      expectSuccess(
        await t.http
          .post(`/api/orders/${created.id}/delivery/confirm`)
          .set(as(w.tokens.sales))
          .send({ logisticsCompany: 'SELF_PICKUP', trackingNumber: `PICKUP-WN-${created.id}` }),
      );
      await eventually(() => noticesFor(u.openid, TPL_SHIPPED).length === 1);
      expect(noticesFor(u.openid, TPL_SHIPPED)[0]).toMatchObject({
        page: `customer/pages/order/index?orderId=${created.id}`,
        data: { character_string3: { value: `PICKUP-WN-${created.id}` } },
      });
      expectSuccess(await t.http.post(`/api/orders/${created.id}/delivery/sign`).set(as(w.tokens.sales)).send({}));
      await eventually(() => noticesFor(u.openid, TPL_DELIVERED).length === 1);
      expect(noticesFor(u.openid, TPL_DELIVERED)[0]).toMatchObject({
        page: `customer/pages/order/index?orderId=${created.id}`,
        data: { phrase2: { value: '已签收' } },
      });
    });

    async function readyToDeliver(orderId: number, lines: DeliveryStatus[] = []): Promise<void> {
      await t.container.db.transaction(async (tx) => {
        const repo = t.container.orders.repository;
        const order = await repo.findById(orderId, { kind: 'all' }, tx);
        if (!order || !(await repo.transition(order, 'PENDING_DELIVERY', {}, tx))) throw new Error('not moved');
        const items = await OrderItemModel.findAll({ where: { orderId }, transaction: tx });
        for (const [i, item] of items.entries()) {
          await item.update({ deliveryStatus: lines[i] ?? 'IN_STOCK', inStockAt: new Date() }, { transaction: tx });
        }
      });
    }
  });

  it('reports wechat healthy in GET /api/health/check when a token can be had', async () => {
    const res = await t.http.get('/api/health/check');
    expect(res.body.data.services.wechat).toBe('healthy');
  });
});
