import { as, newCustomer, staffUser, userId, xlsx } from '../factories/crm';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

const SALES_ROLE = 1;
const IMPORT_HEADER = [
  '客户名称',
  '客户类型',
  '客户阶段',
  '省份',
  '城市',
  '联系电话',
  '客房数',
  '来源',
  '负责人账号',
  '描述',
];

/** A sent quotation for the customer, rejected on price (a lost reason the statistics count). */
async function rejectOneQuotation(t: TestApp, token: string, customerId: number): Promise<void> {
  const admin = await t.login('admin', 'admin123');
  const category = await t.http
    .post('/api/products/categories')
    .set(as(admin))
    .send({ categoryName: '统计', categoryCode: 'STATS' });
  const product = await t.http.post('/api/products').set(as(admin)).send({
    productCode: 'STATS-1',
    productName: '统计用产品',
    categoryId: category.body.data.categoryId,
    salePrice: 100,
    status: 'active',
  });
  const q = await t.http
    .post('/api/quotations')
    .set(as(token))
    .send({
      quotationTitle: '统计用报价',
      customerId,
      validFrom: new Date().toISOString().slice(0, 10),
      validUntil: '2099-12-31',
      items: [{ productId: product.body.data.productId, quantity: 1, actualPrice: 90 }],
    });
  const id = q.body.data.quotationId as number;
  expect((await t.http.post(`/api/quotations/${id}/send`).set(as(token))).status).toBe(200);
  const rejected = await t.http.post(`/api/quotations/${id}/reject`).set(as(token)).send({ reasonCode: 'price' });
  expect(rejected.status).toBe(200);
}

describe('leads (004 §5)', () => {
  let t: TestApp;
  let admin: string;
  let sales: string;
  let salesId: number;
  let manager: string;
  let media: string;
  let other: { id: number; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    admin = await t.login('admin', 'admin123');
    sales = await t.login('sales', 'sales123');
    manager = await t.login('sales_manager', 'sales_manager123');
    media = await t.login('media', 'media123');
    salesId = await userId(t, sales);
    other = await staffUser(t, admin, 'sales_two', SALES_ROLE);
  });
  afterAll(() => t.close());

  const createLead = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await t.http.post('/api/leads').set(as(token)).send(newCustomer(body));
    expect(res.status).toBe(200);
    return res.body.data as { customerId: number; ownerId: number | null; customerStage: string };
  };
  const ids = (res: { body: { data: { list: { customerId: number }[] } } }) =>
    res.body.data.list.map((c) => c.customerId);

  describe('create and list (§5.1-5.2)', () => {
    it('gives a salesperson’s new lead to them, and a media operator’s to the public pool', async () => {
      expect((await createLead(sales)).ownerId).toBe(salesId);
      expect((await createLead(media)).ownerId).toBeNull();
      const named = await createLead(manager, { ownerId: other.id });
      expect(named.ownerId).toBe(other.id);
    });

    it('refuses a lead in a customer stage, and a duplicate unless confirmed', async () => {
      const client = await t.http
        .post('/api/leads')
        .set(as(sales))
        .send(newCustomer({ customerStage: 'client' }));
      expect(client.status).toBe(400);
      const body = newCustomer({ customerName: 'XX温泉酒店', contactPhone: '13800138000' });
      expect((await t.http.post('/api/leads').set(as(sales)).send(body)).status).toBe(200);
      const dup = await t.http
        .post('/api/leads')
        .set(as(other.token))
        .send({ ...body, customerName: '别的名字' });
      expect(dup.status).toBe(409);
      expect(dup.body.error.details.duplicates[0]).toMatchObject({ customerName: 'XX温泉酒店', matchedOn: ['phone'] });
    });

    it('lists own leads and the pool for sales, only the pool with pool=1 or ownerId=0, never clients', async () => {
      const mine = await createLead(sales, { customerName: '列表自有线索' });
      const pooled = await createLead(media, { customerName: '列表公海线索' });
      const others = await createLead(other.token, { customerName: '列表他人线索' });
      const all = ids(await t.http.get('/api/leads?pageSize=100').set(as(sales)));
      expect(all).toEqual(expect.arrayContaining([mine.customerId, pooled.customerId]));
      expect(all).not.toContain(others.customerId);
      expect(all).not.toContain(1); // the demo customer is a client, not a lead
      for (const q of ['pool=1', 'ownerId=0']) {
        const pool = ids(await t.http.get(`/api/leads?${q}&pageSize=100`).set(as(sales)));
        expect(pool).toContain(pooled.customerId);
        expect(pool).not.toContain(mine.customerId);
      }
      expect(ids(await t.http.get('/api/leads?keyword=列表他人').set(as(manager)))).toEqual([others.customerId]);
      expect(ids(await t.http.get('/api/leads?keyword=列表他人').set(as(sales)))).toEqual([]);
    });

    it('filters leads by stage, source, region and dates', async () => {
      const lead = await createLead(sales, {
        customerName: '筛选线索',
        customerStage: 'negotiation',
        source: 'trade_fair',
        city: '珠海市',
      });
      for (const q of [
        'customerStage=negotiation&source=trade_fair',
        'city=珠海市',
        `startDate=${new Date().toISOString().slice(0, 10)}&keyword=筛选`,
      ]) {
        expect(ids(await t.http.get(`/api/leads?${q}`).set(as(sales)))).toEqual([lead.customerId]);
      }
      expect((await t.http.get('/api/leads?customerStage=client').set(as(sales))).status).toBe(400);
    });
  });

  describe('detail, update, follow-up (§5.3-5.5)', () => {
    let id: number;
    beforeAll(async () => {
      id = (await createLead(sales, { customerName: '跟进测试温泉酒店' })).customerId;
    });

    it('shows a lead as §5.3 does; a client is not a lead (404)', async () => {
      const res = await t.http.get(`/api/leads/${id}`).set(as(sales));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.data).sort()).toEqual(['contacts', 'customer', 'events', 'followUps']);
      expect(res.body.data.customer).toMatchObject({
        customerId: id,
        customerStage: 'lead',
        source: 'social_media',
        ownerId: salesId,
      });
      const client = await t.http.get('/api/leads/1').set(as(sales));
      expect([client.status, client.body.error.code]).toEqual([404, 'LEAD_NOT_FOUND']);
      expect((await t.http.get(`/api/leads/${id}`).set(as(other.token))).status).toBe(404);
    });

    it('updates a lead (§5.4)', async () => {
      const res = await t.http.put(`/api/leads/${id}`).set(as(sales)).send({
        customerName: '跟进测试温泉度假酒店',
        hotelRooms: 100,
        description: '客户确认有100间客房需要智能化改造',
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ customerName: '跟进测试温泉度假酒店', hotelRooms: 100 });
    });

    it('records a follow-up with the next follow-up time (§5.5)', async () => {
      const next = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const res = await t.http.post(`/api/leads/${id}/follow-up`).set(as(sales)).send({
        followUpMethod: 'phone',
        contactPerson: '李经理',
        followUpContent: '电话沟通客户需求，客户表示有智能客控系统采购意向',
        customerFeedback: '客户希望了解产品详细报价',
        nextFollowUpTime: next,
        nextFollowUpContent: '准备报价单并预约现场拜访',
        followUpResult: 'successful',
        attachmentUrls: [],
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ followUpMethod: 'phone', nextFollowUpTime: next, createdBy: salesId });
      const detail = await t.http.get(`/api/leads/${id}`).set(as(sales));
      expect(detail.body.data.followUps).toHaveLength(1);
      expect(detail.body.data.customer.nextFollowUpAt).toBe(next);
      expect(detail.body.data.customer.lastFollowUpAt).toEqual(expect.any(String));
    });

    it('refuses a follow-up in the past, without content, or with a bad method', async () => {
      const past = await t.http
        .post(`/api/leads/${id}/follow-up`)
        .set(as(sales))
        .send({ followUpMethod: 'phone', followUpContent: 'x', nextFollowUpTime: '2000-01-01T00:00:00.000Z' });
      expect(past.status).toBe(400);
      expect(JSON.stringify(past.body.error.details)).toContain('nextFollowUpTime');
      const bad = await t.http.post(`/api/leads/${id}/follow-up`).set(as(sales)).send({ followUpMethod: 'pigeon' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.error.details)).toMatch(/followUpMethod/);
    });
  });

  describe('convert, assign, pool, claim (§5.6-5.8)', () => {
    it('converts a lead forward only, and counts it converted (§5.6)', async () => {
      const { customerId } = await createLead(sales, { customerStage: 'initial_contact' });
      const res = await t.http
        .post(`/api/leads/${customerId}/convert`)
        .set(as(sales))
        .send({ targetStage: 'prospect', convertDesc: '客户已确认采购意向，转为意向客户' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ customerStage: 'prospect', convertedAt: expect.any(String) });
      const back = await t.http
        .post(`/api/leads/${customerId}/convert`)
        .set(as(sales))
        .send({ targetStage: 'initial_contact' });
      expect([back.status, back.body.error.code]).toEqual([422, 'STAGE_NOT_FORWARD']);
      const toClient = await t.http.post(`/api/leads/${customerId}/convert`).set(as(sales)).send({});
      expect(toClient.body.data.customerStage).toBe('client');
      expect((await t.http.get(`/api/leads/${customerId}`).set(as(sales))).status).toBe(404);
      expect((await t.http.get(`/api/customers/${customerId}`).set(as(sales))).status).toBe(200);
    });

    it('assigns a lead (§5.7): managers only, to an active staff user', async () => {
      const { customerId } = await createLead(media);
      expect(
        (await t.http.put(`/api/leads/${customerId}/assign`).set(as(sales)).send({ ownerId: salesId })).status,
      ).toBe(403);
      const ghost = await t.http.put(`/api/leads/${customerId}/assign`).set(as(manager)).send({ ownerId: 999999 });
      expect(ghost.body.error.code).toBe('OWNER_INVALID');
      const res = await t.http
        .put(`/api/leads/${customerId}/assign`)
        .set(as(manager))
        .send({ ownerId: other.id, assignReason: '按区域分配线索' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ ownerId: other.id, inPool: false });
    });

    it('abandons to the pool with a reason (§5.8); another salesperson claims it; the first can no longer change it', async () => {
      const { customerId } = await createLead(sales, { customerName: '公海流转酒店' });
      const noReason = await t.http.put(`/api/leads/${customerId}/pool`).set(as(sales)).send({});
      expect(noReason.status).toBe(400);
      const res = await t.http
        .put(`/api/leads/${customerId}/pool`)
        .set(as(sales))
        .send({ abandonReason: '客户暂无预算，3个月后再联系', lostReasonCode: 'no_budget' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        ownerId: null,
        inPool: true,
        lostReasonCode: 'no_budget',
        lostReason: '客户暂无预算，3个月后再联系',
      });
      const again = await t.http.put(`/api/leads/${customerId}/pool`).set(as(sales)).send({ abandonReason: 'x' });
      expect(again.body.error.code).toBe('LEAD_IN_POOL');
      const followUp = await t.http
        .post(`/api/leads/${customerId}/follow-up`)
        .set(as(sales))
        .send({ followUpMethod: 'phone', followUpContent: 'x' });
      expect(followUp.body.error.code).toBe('LEAD_IN_POOL');
      const claimed = await t.http.post(`/api/leads/${customerId}/claim`).set(as(other.token));
      expect(claimed.status).toBe(200);
      expect(claimed.body.data.ownerId).toBe(other.id);
      expect((await t.http.get(`/api/leads/${customerId}`).set(as(sales))).status).toBe(404);
      const notPooled = await t.http.post(`/api/leads/${customerId}/claim`).set(as(other.token));
      expect(notPooled.body.error.code).toBe('LEAD_NOT_IN_POOL');
    });

    it('lets exactly one of two racing salespeople claim a pool lead', async () => {
      const { customerId } = await createLead(media);
      const results = await Promise.all(
        [sales, other.token, sales, other.token].map((tok) =>
          t.http.post(`/api/leads/${customerId}/claim`).set(as(tok)),
        ),
      );
      const statuses = results.map((r) => r.status);
      // The losers answer 422 (no longer in the pool) or 404 (now another salesperson's lead).
      expect(statuses.filter((st) => st === 200)).toHaveLength(1);
      expect(statuses.filter((st) => st !== 200).every((st) => st === 404 || st === 422)).toBe(true);
      const detail = await t.http.get(`/api/customers/${customerId}`).set(as(manager));
      expect(detail.body.data.events.filter((e: { eventType: string }) => e.eventType === 'claim')).toHaveLength(1);
    });
  });

  describe('import (§5.9)', () => {
    it('imports valid rows into the pool and reports each bad row', async () => {
      await createLead(sales, { customerName: '已存在的导入酒店' });
      const file = await xlsx(IMPORT_HEADER, [
        ['导入酒店甲', '单体酒店', '线索', '广东省', '深圳市', '13700001111', 80, 'website', '', '抖音私信'],
        ['已存在的导入酒店', '', '', '', '', '', '', '', '', ''],
        ['', '单体酒店', '', '', '', '', '', '', '', '只有描述'],
        ['导入酒店乙', '城堡', '', '', '', '', '', '', '', ''],
        ['导入酒店丙', '', '成交客户', '', '', '', '', '', '', ''],
        ['导入酒店丁', '', '', '', '', '', '', '', 'nobody', ''],
        ['导入酒店戊', '民宿', '初步接触', '', '', '', 'many', '', 'sales', ''],
        ['导入酒店己', 'homestay', 'prospect', '', '', '', '', 'exhibition', 'sales_two', ''],
      ]);
      const res = await t.http.post('/api/leads/import').set(as(manager)).attach('file', file, 'leads.xlsx');
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ totalRows: 8, successCount: 2, failCount: 6 });
      const rows = res.body.data.errors.map((e: { row: number }) => e.row);
      expect(rows).toEqual([3, 4, 5, 6, 7, 8]);
      expect(res.body.data.errors[0].error).toContain('已存在名称相同的客户');
      const pooled = await t.http.get('/api/leads?keyword=导入酒店甲').set(as(manager));
      expect(pooled.body.data.list[0]).toMatchObject({ ownerId: null, customerType: 'single_hotel', hotelRooms: 80 });
      const owned = await t.http.get('/api/leads?keyword=导入酒店己').set(as(manager));
      expect(owned.body.data.list[0]).toMatchObject({ ownerId: other.id, customerStage: 'prospect' });
    });

    it('lets media import only into the pool or to themselves', async () => {
      const file = await xlsx(IMPORT_HEADER, [['媒体导入酒店', '', '', '', '', '', '', '', 'sales', '']]);
      const res = await t.http.post('/api/leads/import').set(as(media)).attach('file', file, 'leads.xlsx');
      expect(res.body.data).toMatchObject({ successCount: 0, failCount: 1 });
      expect(res.body.data.errors[0].error).toContain('无权指定其他负责人');
    });

    it('refuses a file that is not .xlsx, and one without the name column', async () => {
      const junk = await t.http
        .post('/api/leads/import')
        .set(as(manager))
        .attach('file', Buffer.from('hello'), 'x.xlsx');
      expect(junk.status).toBe(400);
      const noName = await t.http
        .post('/api/leads/import')
        .set(as(manager))
        .attach('file', await xlsx(['城市'], [['深圳']]), 'x.xlsx');
      expect(noName.status).toBe(400);
      expect(noName.body.message).toContain('客户名称');
    });
  });

  describe('statistics (§5.10)', () => {
    it('counts leads by stage and source, the conversion rate and lost reasons, for managers only', async () => {
      const fresh = await startTestApp();
      try {
        await seedDemo(fresh);
        const m = await fresh.login('sales_manager', 'sales_manager123');
        const s = await fresh.login('sales', 'sales123');
        const make = (body: Record<string, unknown>) =>
          fresh.http.post('/api/leads').set(as(m)).send(newCustomer(body));
        const created = await Promise.all([
          make({ customerStage: 'lead', source: 'social_media' }),
          make({ customerStage: 'lead', source: 'social_media' }),
          make({ customerStage: 'initial_contact', source: 'exhibition' }),
          make({ customerStage: 'prospect', source: 'referral' }),
        ]);
        const [a, b] = created.map((r) => r.body.data.customerId as number);
        await rejectOneQuotation(fresh, m, a);
        await fresh.http.post(`/api/leads/${a}/convert`).set(as(m)).send({ targetStage: 'client' });
        await fresh.http
          .put(`/api/leads/${b}/pool`)
          .set(as(m))
          .send({ abandonReason: '预算不足', lostReasonCode: 'no_budget' });
        expect((await fresh.http.get('/api/leads/statistics').set(as(s))).status).toBe(403);
        const res = await fresh.http.get('/api/leads/statistics').set(as(m));
        expect(res.status).toBe(200);
        // 5 customers created (4 leads + the demo client); 1 lead converted and 1 already a client.
        expect(res.body.data).toEqual({
          totalLeads: 3,
          byStage: { lead: 1, initial_contact: 1, prospect: 1, negotiation: 0 },
          bySource: { social_media: 1, exhibition: 1, referral: 1 },
          createdCount: 5,
          convertedCount: 2,
          conversionRate: 40,
          lostReasons: {
            leads: { no_budget: 1 },
            quotations: { price: 1, competitor: 0, no_budget: 0, no_need: 0, timing: 0, other: 0 },
          },
        });
        const empty = await fresh.http.get('/api/leads/statistics?endDate=2000-01-01').set(as(m));
        expect(empty.body.data).toMatchObject({ totalLeads: 0, createdCount: 0, conversionRate: 0 });
      } finally {
        await fresh.close();
      }
    });
  });
});
