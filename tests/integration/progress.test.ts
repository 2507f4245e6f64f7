import type { OrderStatus } from '@app/shared';
import { OrderProgressModel } from '@app/server/src/db/models';
import { noteDelayedProgressJob } from '@app/server/src/jobs/note-delayed-progress.job';
import type { DomainEventMap } from '@app/server/src/platform/domain-events';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { phoneJpeg } from '../helpers/image-fixtures';
import { factoryUser, newFactoryWithUser, placeBid, type FactoryUser } from '../helpers/jiedan-fixtures';
import { as, buildOrderWorld, newOrder, type OrderWorld } from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';
import { wechatUser } from '../helpers/wechat-users';

interface Progress {
  id: number;
  order_id: number;
  factory_id: number;
  factory_name: string | null;
  type: string;
  status: string;
  reported_status: string;
  is_delayed: boolean;
  description: string | null;
  start_time: string | null;
  completed_time: string | null;
  planned_time: string | null;
  images: string[];
  thumbnails: string[];
  reported_by: { id: number; name: string | null } | null;
  created_at: string;
  updated_at: string;
}
interface TimelineEvent {
  type: string;
  note: string | null;
  data: Record<string, unknown> | null;
  actorId: number | null;
}
interface OrderDetail {
  id: number;
  items: { id: number; quantity: number }[];
}

describe('production progress (000 §1-2, corrections, delays)', () => {
  let t: TestApp;
  let w: OrderWorld;
  const clock = new FakeClock(Date.parse('2026-03-02T02:00:00Z'));
  /** A: the demo factory, B: a second factory on the same order, C: a factory with no part in it. */
  let a: FactoryUser;
  let b: FactoryUser;
  let c: FactoryUser;
  let customer: string;
  let otherCustomer: string;
  let unbound: string;
  /** An order split into a purchase order for A and one for B. */
  let orderId: number;
  const posted: DomainEventMap['progress.posted'][] = [];

  const wechat = (name: string, inviteCode: string | null) => wechatUser(t, name, inviteCode);
  const path = (id: number, suffix = '') => `/api/orders/${id}/progress${suffix}`;
  const list = async (id: number, token: string) =>
    expectSuccess<Progress[]>(await t.http.get(path(id)).set(as(token)));
  const post = (id: number, token: string, body: Record<string, unknown>) =>
    t.http.post(path(id)).set(as(token)).send(body);
  const timeline = async (id: number) =>
    expectSuccess<TimelineEvent[]>(await t.http.get(`/api/orders/${id}/timeline`).set(as(w.tokens.sales)));
  const photo = async (token: string) => {
    const res = await t.http
      .post('/api/files/upload')
      .set(as(token))
      .attach('file', await phoneJpeg(800, 600), { filename: 'p.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(200);
    return (res.body.data.files as { url: string; thumbnailUrl: string }[])[0];
  };
  const moveTo = (id: number, status: OrderStatus) =>
    t.container.db.transaction(async (tx) => {
      const o = await t.container.orders.repository.findById(id, { kind: 'all' }, tx);
      if (!o || !(await t.container.orders.repository.transition(o, status, {}, tx))) throw new Error('move failed');
    });

  /** A new order of the demo customer, split between the given factories (one line each). */
  async function splitOrder(factories: number[]): Promise<number> {
    const created = await newOrder(t, w, {
      quotation: {
        items: factories.map(() => ({ productId: w.products.host, quantity: 1, actualPrice: 100 })),
      },
      order: { paymentAmount: '0.01' },
    });
    const detail = expectSuccess<OrderDetail>(await t.http.get(`/api/orders/${created.id}`).set(as(w.tokens.sales)));
    const body = {
      purchaseOrders: factories.map((supplierId, i) => ({
        supplierId,
        items: [{ itemId: detail.items[i].id, quantity: detail.items[i].quantity }],
      })),
    };
    expectSuccess(
      await t.http.post(`/api/orders/${created.id}/split/confirm`).set(as(w.tokens.customerService)).send(body),
    );
    return created.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' }, { clock });
    await seedDemo(t);
    w = await buildOrderWorld(t);
    a = await factoryUser(t, 'progress-a', 'DEMO-FACTORY');
    b = await newFactoryWithUser(t, w.tokens.admin, '进度测试工厂B', 'progress-b');
    c = await newFactoryWithUser(t, w.tokens.admin, '进度测试工厂C', 'progress-c');
    customer = await wechat('progress-customer', 'DEMO-HOTEL');
    const code = await t.http.post(`/api/customers/${w.otherCustomerId}/invite-code`).set(as(w.tokens.admin));
    otherCustomer = await wechat('progress-other-customer', code.body.data.inviteCode as string);
    unbound = await wechat('progress-unbound', null);
    orderId = await splitOrder([a.factoryId, b.factoryId]);
    t.container.domainEvents.on('progress.posted', (e) => void posted.push(e));
  }, 90_000);
  afterAll(() => t.close());

  describe('posting (000 §1)', () => {
    it('records a stage with photos, thumbnails, who reported it, and puts it on the timeline', async () => {
      const [p1, p2] = [await photo(a.token), await photo(a.token)];
      const created = expectSuccess<Progress>(
        await post(orderId, a.token, {
          order_id: String(orderId),
          factory_id: String(a.factoryId),
          type: 'design',
          status: 'in_progress',
          description: '图纸深化中',
          start_time: '2026-03-01T00:00:00.000Z',
          images: [p1.url, p2.url],
        }),
        '进度已提交',
      );
      expect(created).toMatchObject({
        order_id: orderId,
        factory_id: a.factoryId,
        factory_name: expect.any(String),
        type: 'design',
        status: 'in_progress',
        reported_status: 'in_progress',
        is_delayed: false,
        description: '图纸深化中',
        start_time: '2026-03-01T00:00:00.000Z',
        completed_time: null,
        images: [p1.url, p2.url],
        thumbnails: [p1.thumbnailUrl, p2.thumbnailUrl],
        created_at: clock.now().toISOString(),
      });
      expect(created.thumbnails[0]).not.toBe(created.images[0]);
      expect(created.reported_by?.id).toEqual(expect.any(Number));
      const events = (await timeline(orderId)).filter((e) => e.type === 'progress_posted');
      expect(events.at(-1)).toMatchObject({
        note: '生产进度 设计：进行中',
        data: { progressId: created.id, images: 2 },
      });
      expect(posted.at(-1)).toMatchObject({
        orderId,
        progressId: created.id,
        customerId: w.customerId,
        type: 'design',
      });
    });

    it('sets the completion time of a completed stage that gives none', async () => {
      const done = expectSuccess<Progress>(
        await post(orderId, b.token, {
          order_id: orderId,
          factory_id: b.factoryId,
          type: 'material',
          status: 'completed',
        }),
      );
      expect(done.completed_time).toBe(clock.now().toISOString());
    });

    it('makes one record of a double tap with the same Idempotency-Key', async () => {
      const body = { order_id: orderId, factory_id: a.factoryId, type: 'material', status: 'in_progress' };
      const before = await OrderProgressModel.count();
      const [first, second] = await Promise.all([
        post(orderId, a.token, body).set('Idempotency-Key', 'tap-tap-1'),
        post(orderId, a.token, body).set('Idempotency-Key', 'tap-tap-1'),
      ]);
      const ok = [first, second].filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const r of [first, second]) expect([200, 409]).toContain(r.status);
      expect(await OrderProgressModel.count()).toBe(before + 1);
      const again = await post(orderId, a.token, body).set('Idempotency-Key', 'tap-tap-1');
      expect(again.body.data.id).toBe(ok[0].body.data.id);
      expect(await OrderProgressModel.count()).toBe(before + 1);
    });

    it('refuses bad input with the field named', async () => {
      const base = { order_id: orderId, factory_id: a.factoryId, type: 'design', status: 'in_progress' };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, type: 'painting' }, 'type'],
        [{ ...base, status: 'done' }, 'status'],
        [{ ...base, order_id: 'abc' }, 'order_id'],
        [{ ...base, order_id: orderId + 1 }, 'order_id'],
        [{ ...base, start_time: 'yesterday' }, 'start_time'],
        [{ ...base, start_time: '2026-03-02T00:00:00Z', completed_time: '2026-03-01T00:00:00Z' }, 'completed_time'],
        [{ ...base, images: ['https://elsewhere.example.com/x.jpg'] }, 'images[0]'],
        [{ ...base, images: Array.from({ length: 10 }, (_, i) => `/files/x${i}.jpg`) }, 'images'],
        [{ ...base, extra: 1 }, ''],
      ];
      for (const [body, field] of cases) {
        const res = await post(orderId, a.token, body);
        expectFailure(res, 400, 'VALIDATION_ERROR');
        if (field) expect(JSON.stringify(res.body.error.details)).toContain(`"${field}"`);
      }
      const photoOfB = await photo(b.token);
      const used = await post(orderId, b.token, { ...base, factory_id: b.factoryId, images: [photoOfB.url] });
      expect(used.status).toBe(200);
      // An image already attached to another post is refused.
      expectFailure(await post(orderId, a.token, { ...base, images: [photoOfB.url] }), 400, 'VALIDATION_ERROR');
    });

    it('lets only a factory working on the order post, as itself', async () => {
      const base = { order_id: orderId, type: 'design', status: 'in_progress' };
      expectFailure(await post(orderId, a.token, { ...base, factory_id: b.factoryId }), 403, 'FORBIDDEN');
      expectFailure(await post(orderId, c.token, { ...base, factory_id: c.factoryId }), 404, 'ORDER_NOT_FOUND');
      expectFailure(await post(orderId, w.tokens.admin, { ...base, factory_id: a.factoryId }), 403, 'WECHAT_ONLY');
      expectFailure(await post(orderId, customer, { ...base, factory_id: a.factoryId }), 403, 'FORBIDDEN');
      expectFailure(
        await post(99_999_999, a.token, { ...base, order_id: 99_999_999, factory_id: a.factoryId }),
        404,
        'ORDER_NOT_FOUND',
      );
    });

    it('accepts posts from the factory whose bid was accepted, before any split', async () => {
      const open = await newOrder(t, w, { order: { paymentAmount: '0.01' } });
      const body = { order_id: open.id, factory_id: c.factoryId, type: 'design', status: 'not_started' };
      expectFailure(await post(open.id, c.token, body), 404, 'ORDER_NOT_FOUND');
      const bid = await placeBid(t, c.token, { order_id: open.id, factory_id: c.factoryId, price: 500 });
      expect(bid.status).toBe(200);
      expectSuccess(await t.http.post(`/api/jiedan/${bid.body.data.id}/accept`).set(as(w.tokens.storeManager)));
      // Visible now, with nothing posted yet: an empty list, not 404.
      expect(await list(open.id, c.token)).toEqual([]);
      expect(await list(open.id, w.tokens.sales)).toEqual([]);
      expectSuccess<Progress>(await post(open.id, c.token, body));
      expect(await list(open.id, c.token)).toHaveLength(1);
    });

    it('refuses posts and corrections on a cancelled or completed order', async () => {
      const closed = await splitOrder([a.factoryId]);
      const body = { order_id: closed, factory_id: a.factoryId, type: 'design', status: 'in_progress' };
      const kept = expectSuccess<Progress>(await post(closed, a.token, body));
      await moveTo(closed, 'CANCELLED');
      expectFailure(await post(closed, a.token, body), 400, 'ORDER_INVALID_STATUS');
      const edit = t.http
        .put(path(closed, `/${kept.id}`))
        .set(as(a.token))
        .send({ status: 'completed' });
      expectFailure(await edit, 400, 'ORDER_INVALID_STATUS');
      expect(await list(closed, w.tokens.sales)).toHaveLength(1);
    });
  });

  describe('reading (000 §2)', () => {
    it('shows each party what it may see: a factory its own posts, the order side and the bound customer all', async () => {
      const all = await list(orderId, w.tokens.sales);
      expect(new Set(all.map((p) => p.factory_id))).toEqual(new Set([a.factoryId, b.factoryId]));
      expect(all.map((p) => p.created_at)).toEqual([...all.map((p) => p.created_at)].sort());
      expect((await list(orderId, a.token)).every((p) => p.factory_id === a.factoryId)).toBe(true);
      expect((await list(orderId, b.token)).every((p) => p.factory_id === b.factoryId)).toBe(true);
      expect(await list(orderId, customer)).toEqual(all);
      expect(await list(orderId, w.tokens.admin)).toEqual(all);
    });

    it('answers 404 to parties with no part in the order, 403 without the permission', async () => {
      for (const token of [c.token, otherCustomer]) {
        expectFailure(await t.http.get(path(orderId)).set(as(token)), 404, 'ORDER_NOT_FOUND');
      }
      // Without progress.read (an unbound WeChat user, media) the route itself is closed.
      for (const token of [unbound, w.tokens.media]) {
        expectFailure(await t.http.get(path(orderId)).set(as(token)), 403, 'FORBIDDEN');
      }
      // The sales manager sees every order (data.all), so its progress too.
      expect(await list(orderId, w.tokens.manager)).toHaveLength((await list(orderId, w.tokens.sales)).length);
      expectFailure(await t.http.get(path(orderId)), 401, 'UNAUTHORIZED');
    });
  });

  describe('corrections by the factory that posted', () => {
    it('changes its own post and keeps what it said before on the timeline', async () => {
      const mine = expectSuccess<Progress>(
        await post(orderId, a.token, {
          order_id: orderId,
          factory_id: a.factoryId,
          type: 'quality',
          status: 'in_progress',
          description: '抽检',
          images: [(await photo(a.token)).url],
        }),
      );
      const replacement = await photo(a.token);
      clock.advance(60_000);
      const changed = expectSuccess<Progress>(
        await t.http
          .put(path(orderId, `/${mine.id}`))
          .set(as(a.token))
          .send({ status: 'completed', description: '抽检合格', images: [replacement.url] }),
        '进度已修改',
      );
      expect(changed).toMatchObject({
        id: mine.id,
        status: 'completed',
        description: '抽检合格',
        completed_time: clock.now().toISOString(),
        images: [replacement.url],
        thumbnails: [replacement.thumbnailUrl],
        updated_at: clock.now().toISOString(),
        created_at: mine.created_at,
      });
      const event = (await timeline(orderId)).filter((e) => e.type === 'progress_updated').at(-1);
      expect(event?.data).toMatchObject({
        progressId: mine.id,
        before: { status: 'in_progress', description: '抽检', images: mine.images },
        after: { status: 'completed', description: '抽检合格', images: [replacement.url] },
      });
      // The replaced photo is free again (an orphan the clean-up job removes): it can be attached elsewhere.
      const reuse = await post(orderId, a.token, {
        order_id: orderId,
        factory_id: a.factoryId,
        type: 'packaging',
        status: 'not_started',
        images: mine.images,
      });
      expect(reuse.status).toBe(200);
    });

    it("refuses another factory's post (404) and staff or customers (403)", async () => {
      const ofA = (await list(orderId, a.token))[0];
      const put = (token: string) =>
        t.http
          .put(path(orderId, `/${ofA.id}`))
          .set(as(token))
          .send({ status: 'on_hold' });
      expectFailure(await put(b.token), 404, 'PROGRESS_NOT_FOUND');
      expectFailure(await put(c.token), 404, 'ORDER_NOT_FOUND');
      expectFailure(await put(w.tokens.admin), 403, 'WECHAT_ONLY');
      expectFailure(await put(customer), 403, 'FORBIDDEN');
      const del = (token: string) => t.http.delete(path(orderId, `/${ofA.id}`)).set(as(token));
      expectFailure(await del(b.token), 404, 'PROGRESS_NOT_FOUND');
      expectFailure(
        await t.http
          .put(path(orderId, `/${ofA.id}`))
          .set(as(a.token))
          .send({}),
        400,
        'VALIDATION_ERROR',
      );
      expectFailure(
        await t.http
          .put(path(orderId, `/${ofA.id}`))
          .set(as(a.token))
          .send({ type: 'shipping' }),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('deletes its own post softly: gone from the list, kept on the timeline', async () => {
      const mine = expectSuccess<Progress>(
        await post(orderId, a.token, { order_id: orderId, factory_id: a.factoryId, type: 'custom', status: 'on_hold' }),
      );
      const res = await t.http.delete(path(orderId, `/${mine.id}`)).set(as(a.token));
      expect(expectSuccess(res, '进度记录已删除')).toEqual({ id: mine.id, deleted: true });
      expect((await list(orderId, w.tokens.sales)).map((p) => p.id)).not.toContain(mine.id);
      expectFailure(await t.http.delete(path(orderId, `/${mine.id}`)).set(as(a.token)), 404, 'PROGRESS_NOT_FOUND');
      const event = (await timeline(orderId)).filter((e) => e.type === 'progress_deleted').at(-1);
      expect(event?.data).toMatchObject({ progressId: mine.id, before: { type: 'custom', status: 'on_hold' } });
      expect(await OrderProgressModel.count({ where: { id: mine.id } })).toBe(1);
    });
  });

  describe('planned finish and delays', () => {
    it('shows the newest post of a stage past its plan as delayed, and notes it on the timeline once', async () => {
      const late = await splitOrder([a.factoryId]);
      const plan = new Date(clock.now().getTime() + 3_600_000).toISOString();
      const first = expectSuccess<Progress>(
        await post(late, a.token, {
          order_id: late,
          factory_id: a.factoryId,
          type: 'production',
          status: 'in_progress',
          planned_time: plan,
        }),
      );
      expect(first).toMatchObject({ planned_time: plan, status: 'in_progress', is_delayed: false });
      clock.advance(2 * 3_600_000);
      // A later post of the stage keeps the plan.
      const second = expectSuccess<Progress>(
        await post(late, a.token, {
          order_id: late,
          factory_id: a.factoryId,
          type: 'production',
          status: 'in_progress',
        }),
      );
      expect(second).toMatchObject({
        planned_time: plan,
        status: 'delayed',
        reported_status: 'in_progress',
        is_delayed: true,
      });
      const shown = await list(late, customer);
      expect(shown.map((p) => [p.id, p.status, p.is_delayed])).toEqual([
        [first.id, 'in_progress', false],
        [second.id, 'delayed', true],
      ]);

      const job = noteDelayedProgressJob(t.container.progress.service);
      await job.run();
      await job.run();
      const delays = (await timeline(late)).filter((e) => e.type === 'progress_delayed');
      expect(delays).toHaveLength(1);
      expect(delays[0]).toMatchObject({
        note: '生产阶段已超过计划完成时间',
        actorId: null,
        data: { progressId: second.id, type: 'production', plannedTime: plan },
      });

      // The same plan stays noted; finishing the stage ends the delay.
      const third = expectSuccess<Progress>(
        await post(late, a.token, { order_id: late, factory_id: a.factoryId, type: 'production', status: 'completed' }),
      );
      expect(third).toMatchObject({ status: 'completed', is_delayed: false });
      await job.run();
      expect((await timeline(late)).filter((e) => e.type === 'progress_delayed')).toHaveLength(1);
      expect((await list(late, w.tokens.sales)).filter((p) => p.is_delayed)).toEqual([]);
    });

    it('notes a stage again after it is replanned and missed again', async () => {
      const late = await splitOrder([a.factoryId]);
      const job = noteDelayedProgressJob(t.container.progress.service);
      const body = { order_id: late, factory_id: a.factoryId, type: 'packaging', status: 'in_progress' };
      const post1 = expectSuccess<Progress>(
        await post(late, a.token, { ...body, planned_time: new Date(clock.now().getTime() + 1000).toISOString() }),
      );
      clock.advance(5000);
      await job.run();
      const replanned = new Date(clock.now().getTime() + 1000).toISOString();
      expectSuccess(
        await t.http
          .put(path(late, `/${post1.id}`))
          .set(as(a.token))
          .send({ planned_time: replanned }),
      );
      clock.advance(5000);
      await job.run();
      expect((await timeline(late)).filter((e) => e.type === 'progress_delayed')).toHaveLength(2);
    });
  });
});
