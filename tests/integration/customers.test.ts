import { as, binary, newCustomer, readXlsx, staffUser, userId } from '../factories/crm';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

const SALES_ROLE = 1;

describe('customers (004 §3)', () => {
  let t: TestApp;
  let admin: string;
  let sales: string;
  let salesId: number;
  let manager: string;
  let other: { id: number; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    admin = await t.login('admin', 'admin123');
    sales = await t.login('sales', 'sales123');
    manager = await t.login('sales_manager', 'sales_manager123');
    salesId = await userId(t, sales);
    other = await staffUser(t, admin, 'sales_two', SALES_ROLE);
  });
  afterAll(() => t.close());

  const create = (token: string, body: Record<string, unknown>) =>
    t.http.post('/api/customers').set(as(token)).send(body);

  describe('create (§3.2)', () => {
    it('creates a customer as §3.2 shows, with a generated CUST-<year>-NNN code', async () => {
      const res = await create(sales, newCustomer({ customerName: 'XX商务酒店', contactPhone: '0755-12345678' }));
      expect(res.status).toBe(200);
      const year = new Date().getUTCFullYear();
      expect(res.body.data).toEqual({
        customerId: expect.any(Number),
        customerCode: expect.stringMatching(new RegExp(`^CUST-${year}-\\d{3,}$`)),
        customerName: 'XX商务酒店',
        customerStage: 'lead',
        ownerId: salesId,
        createdAt: expect.any(String),
      });
    });

    it('answers 409 with the existing record for the same name, and creates it once confirmed', async () => {
      const res = await create(sales, newCustomer({ customerName: ' XX商务 酒店 ' }));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CUSTOMER_DUPLICATE');
      expect(res.body.error.details.duplicates[0]).toMatchObject({ customerName: 'XX商务酒店', matchedOn: ['name'] });
      const confirmed = await create(sales, newCustomer({ customerName: ' XX商务 酒店 ', confirmDuplicate: true }));
      expect(confirmed.status).toBe(200);
    });

    it('finds a duplicate by phone whatever its separators, even another salesperson’s customer', async () => {
      const res = await create(other.token, newCustomer({ contactPhone: '0755 1234 5678' }));
      expect(res.status).toBe(409);
      expect(res.body.error.details.duplicates[0].matchedOn).toContain('phone');
      expect(res.body.error.message).toContain('电话');
    });

    it.each([
      [{ customerName: '' }, 'customerName'],
      [{ customerType: 'castle' }, 'customerType'],
      [{ customerStage: 'won' }, 'customerStage'],
      [{ hotelRooms: -1 }, 'hotelRooms'],
      [{ contactPhone: 'call me' }, 'contactPhone'],
    ])('refuses bad input %j with the field named', async (bad, field) => {
      const res = await create(sales, newCustomer(bad));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toContain(field);
    });

    it('lets only holders of customers.transfer name another owner', async () => {
      const denied = await create(sales, newCustomer({ ownerId: other.id }));
      expect(denied.status).toBe(403);
      const byManager = await create(manager, newCustomer({ ownerId: other.id }));
      expect(byManager.body.data.ownerId).toBe(other.id);
      const badOwner = await create(manager, newCustomer({ ownerId: 999999 }));
      expect(badOwner.status).toBe(400);
      expect(badOwner.body.error.code).toBe('OWNER_INVALID');
    });
  });

  describe('list (§3.1)', () => {
    let ids: Record<string, number>;
    beforeAll(async () => {
      const make = async (key: string, body: Record<string, unknown>, token = manager) =>
        [key, (await create(token, newCustomer(body))).body.data.customerId as number] as const;
      ids = Object.fromEntries(
        await Promise.all([
          make('chain', {
            customerName: '维也纳国际酒店（福田店）',
            customerType: 'distributor',
            customerLevel: 'A',
            source: 'exhibition',
            province: '广东省',
            city: '广州市',
            contactPhone: '13911112222',
            ownerId: other.id,
          }),
          make('homestay', {
            customerName: '大理洱海边民宿',
            customerType: 'homestay',
            customerLevel: 'C',
            source: 'website',
            province: '云南省',
            city: '大理市',
            customerStage: 'prospect',
            ownerId: other.id,
          }),
          make('apartment', {
            customerName: 'Sunny Apartment 100%',
            customerType: 'apartment',
            source: 'referral',
            ownerId: salesId,
          }),
        ]),
      );
    });

    const list = async (token: string, query: string) => {
      const res = await t.http.get(`/api/customers?${query}`).set(as(token));
      expect(res.status).toBe(200);
      return res.body.data as { list: { customerId: number }[]; pagination: { total: number } };
    };
    const found = async (token: string, query: string) => (await list(token, query)).list.map((c) => c.customerId);

    it.each([
      ['customerType=distributor', 'chain'],
      ['customerLevel=C', 'homestay'],
      ['customerStage=prospect', 'homestay'],
      ['source=exhibition', 'chain'],
      ['province=云南省', 'homestay'],
      ['city=广州市', 'chain'],
      ['keyword=维也纳', 'chain'],
      ['keyword=洱海', 'homestay'],
      ['keyword=sunny apart', 'apartment'],
      ['keyword=1111222', 'chain'],
      ['keyword=139-1111-2222', 'chain'],
      ['keyword=100%25', 'apartment'],
    ])('filters by %s', async (query, key) => {
      expect(await found(manager, query)).toEqual([ids[key]]);
    });

    it('finds nothing for a keyword that matches no customer, and treats % and _ literally', async () => {
      expect(await found(manager, 'keyword=不存在的酒店名')).toEqual([]);
      expect(await found(manager, 'keyword=%25%25')).toEqual([]);
      expect(await found(manager, 'keyword=_')).toEqual([]);
    });

    it('finds a one-character keyword too (without the index)', async () => {
      expect(await found(manager, 'keyword=洱')).toEqual([ids.homestay]);
    });

    it('filters by owner and by creation date', async () => {
      const mine = await found(manager, `ownerId=${other.id}`);
      expect(mine).toEqual(expect.arrayContaining([ids.chain, ids.homestay]));
      const today = new Date().toISOString().slice(0, 10);
      expect((await list(manager, `startDate=${today}&endDate=${today}`)).pagination.total).toBeGreaterThan(3);
      expect((await list(manager, 'endDate=2000-01-01')).pagination.total).toBe(0);
    });

    it('shows a salesperson only their own customers; a manager sees all', async () => {
      const salesList = await list(sales, 'pageSize=100');
      expect(salesList.list.map((c) => c.customerId)).toContain(ids.apartment);
      expect(salesList.list.map((c) => c.customerId)).not.toContain(ids.chain);
      expect(await found(sales, 'keyword=维也纳')).toEqual([]);
      const all = await list(manager, 'pageSize=100');
      expect(all.pagination.total).toBeGreaterThan(salesList.pagination.total);
    });

    it('pages newest first', async () => {
      const first = await list(manager, 'page=1&pageSize=2');
      const second = await list(manager, 'page=2&pageSize=2');
      expect(first.list).toHaveLength(2);
      expect(first.list[0].customerId).toBeGreaterThan(first.list[1].customerId);
      expect(second.list[0].customerId).toBeLessThan(first.list[1].customerId);
      expect(first.pagination.total).toBe(second.pagination.total);
    });

    it('refuses bad filters with the field named', async () => {
      const res = await t.http.get('/api/customers?customerStage=won&startDate=yesterday').set(as(manager));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toMatch(/customerStage|startDate/);
    });
  });

  describe('detail, update, contacts (§3.3-3.5)', () => {
    let id: number;
    beforeAll(async () => {
      id = (await create(sales, newCustomer({ customerName: '详情测试酒店' }))).body.data.customerId;
    });

    it('shows the customer with owner name, contacts, quotations, contracts, follow-ups and history', async () => {
      const res = await t.http.get(`/api/customers/${id}`).set(as(sales));
      expect(res.status).toBe(200);
      expect(res.body.data.customer).toMatchObject({ customerId: id, customerName: '详情测试酒店', ownerId: salesId });
      expect(res.body.data.customer.ownerName).toBeTruthy();
      expect(res.body.data).toMatchObject({ contacts: [], quotations: [], contracts: [], followUps: [] });
      expect(res.body.data.events[0]).toMatchObject({ eventType: 'created', toValue: 'lead' });
    });

    it('hides another salesperson’s customer (404, as if missing)', async () => {
      for (const [method, path, body] of [
        ['get', `/api/customers/${id}`, undefined],
        ['put', `/api/customers/${id}`, { customerLevel: 'A' }],
        ['post', `/api/customers/${id}/contacts`, { contactName: '王' }],
        ['put', `/api/customers/${id}/stage`, { targetStage: 'prospect' }],
      ] as const) {
        const req = t.http[method](path).set(as(other.token));
        const res = await (body ? req.send(body) : req);
        expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'CUSTOMER_NOT_FOUND']);
      }
    });

    it('updates fields as §3.4 shows and records who changed them', async () => {
      const res = await t.http
        .put(`/api/customers/${id}`)
        .set(as(sales))
        .send({ customerName: '详情测试酒店集团', customerLevel: 'A', description: '已升级为集团客户' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ customerName: '详情测试酒店集团', customerLevel: 'A', updatedBy: salesId });
      const found = await t.http.get('/api/customers?keyword=酒店集团').set(as(sales));
      expect(found.body.data.list.map((c: { customerId: number }) => c.customerId)).toContain(id);
    });

    it('refuses renaming onto another customer’s name unless confirmed', async () => {
      const res = await t.http.put(`/api/customers/${id}`).set(as(sales)).send({ customerName: 'XX商务酒店' });
      expect(res.status).toBe(409);
      const ok = await t.http
        .put(`/api/customers/${id}`)
        .set(as(sales))
        .send({ customerName: 'XX商务酒店', confirmDuplicate: true });
      expect(ok.status).toBe(200);
      await t.http.put(`/api/customers/${id}`).set(as(sales)).send({ customerName: '详情测试酒店集团' });
    });

    it('refuses an empty update', async () => {
      const res = await t.http.put(`/api/customers/${id}`).set(as(sales)).send({});
      expect(res.status).toBe(400);
    });

    it('keeps exactly one primary contact; the first is primary by default', async () => {
      const first = await t.http.post(`/api/customers/${id}/contacts`).set(as(sales)).send({
        contactName: '李经理',
        position: '总经理',
        mobile: '13800138001',
        wechat: 'lixxx',
        email: 'li@example.com',
        description: '主要决策人',
      });
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ contactName: '李经理', isPrimary: 1, customerId: id });
      const second = await t.http
        .post(`/api/customers/${id}/contacts`)
        .set(as(sales))
        .send({ contactName: '张工', isPrimary: 1 });
      expect(second.body.data.isPrimary).toBe(1);
      const third = await t.http.post(`/api/customers/${id}/contacts`).set(as(sales)).send({ contactName: '赵会计' });
      expect(third.body.data.isPrimary).toBe(0);
      const detail = await t.http.get(`/api/customers/${id}`).set(as(sales));
      const primaries = detail.body.data.contacts.filter((c: { isPrimary: number }) => c.isPrimary === 1);
      expect(primaries.map((c: { contactName: string }) => c.contactName)).toEqual(['张工']);
    });

    it('keeps one primary contact when two primary contacts are added at once', async () => {
      const results = await Promise.all(
        ['甲', '乙', '丙'].map((name) =>
          t.http
            .post(`/api/customers/${id}/contacts`)
            .set(as(sales))
            .send({ contactName: `并发${name}`, isPrimary: 1 }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      const detail = await t.http.get(`/api/customers/${id}`).set(as(sales));
      expect(detail.body.data.contacts.filter((c: { isPrimary: number }) => c.isPrimary === 1)).toHaveLength(1);
    });

    it('finds the customer by a contact’s name or mobile', async () => {
      for (const keyword of ['李经理', '13800138001', '赵会']) {
        const res = await t.http.get(`/api/customers?keyword=${encodeURIComponent(keyword)}`).set(as(sales));
        expect([keyword, res.body.data.list.map((c: { customerId: number }) => c.customerId)]).toEqual([keyword, [id]]);
      }
    });

    it('refuses a contact with a bad email', async () => {
      const res = await t.http
        .post(`/api/customers/${id}/contacts`)
        .set(as(sales))
        .send({ contactName: '钱', email: 'nope' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toContain('email');
    });
  });

  describe('stage and owner (§3.6-3.7)', () => {
    let id: number;
    beforeAll(async () => {
      id = (await create(sales, newCustomer({ customerName: '阶段测试酒店', customerStage: 'initial_contact' }))).body
        .data.customerId;
    });

    it('moves the stage and answers with before and after (§3.6)', async () => {
      const res = await t.http
        .put(`/api/customers/${id}/stage`)
        .set(as(sales))
        .send({ targetStage: 'prospect', stageDesc: '客户已确认有采购意向，进入意向客户阶段' });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        customerId: id,
        customerStage: 'prospect',
        stageBefore: 'initial_contact',
        stageAfter: 'prospect',
        stageUpdatedAt: expect.any(String),
      });
      const detail = await t.http.get(`/api/customers/${id}`).set(as(sales));
      expect(detail.body.data.events[0]).toMatchObject({
        eventType: 'stage',
        fromValue: 'initial_contact',
        toValue: 'prospect',
        reason: '客户已确认有采购意向，进入意向客户阶段',
      });
    });

    it('refuses moving to the stage it is in (422)', async () => {
      const res = await t.http.put(`/api/customers/${id}/stage`).set(as(sales)).send({ targetStage: 'prospect' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('STAGE_UNCHANGED');
    });

    it('counts reaching client as converted', async () => {
      await t.http.put(`/api/customers/${id}/stage`).set(as(sales)).send({ targetStage: 'client' });
      const res = await t.http.get(`/api/customers/${id}`).set(as(sales));
      expect(res.body.data.customer.convertedAt).toEqual(expect.any(String));
    });

    it('transfers the owner with a reason (§3.7); the old owner no longer sees it', async () => {
      expect(
        (
          await t.http
            .put(`/api/customers/${id}/owner`)
            .set(as(sales))
            .send({ newOwnerId: other.id, transferReason: '离职' })
        ).status,
      ).toBe(403);
      const res = await t.http
        .put(`/api/customers/${id}/owner`)
        .set(as(manager))
        .send({ newOwnerId: other.id, transferReason: '销售人员离职，转移客户' });
      expect(res.status).toBe(200);
      expect(res.body.data.ownerId).toBe(other.id);
      expect((await t.http.get(`/api/customers/${id}`).set(as(sales))).status).toBe(404);
      const detail = await t.http.get(`/api/customers/${id}`).set(as(other.token));
      expect(detail.body.data.events[0]).toMatchObject({
        eventType: 'owner',
        fromValue: String(salesId),
        toValue: String(other.id),
        reason: '销售人员离职，转移客户',
      });
    });

    it('refuses a transfer to the same owner, to nobody real, or without a reason', async () => {
      const same = await t.http
        .put(`/api/customers/${id}/owner`)
        .set(as(manager))
        .send({ newOwnerId: other.id, transferReason: 'x' });
      expect(same.status).toBe(422);
      const ghost = await t.http
        .put(`/api/customers/${id}/owner`)
        .set(as(manager))
        .send({ newOwnerId: 999999, transferReason: 'x' });
      expect(ghost.body.error.code).toBe('OWNER_INVALID');
      const noReason = await t.http.put(`/api/customers/${id}/owner`).set(as(manager)).send({ newOwnerId: salesId });
      expect(noReason.status).toBe(400);
      expect(JSON.stringify(noReason.body.error.details)).toContain('transferReason');
    });
  });

  describe('deals on the customer page', () => {
    it('lists the customer’s quotations and contracts, and moves open quotations with the owner', async () => {
      const purchaser = await t.login('purchaser', 'purchaser123');
      const category = await t.http
        .post('/api/products/categories')
        .set(as(purchaser))
        .send({ categoryName: '客控', categoryCode: 'CRM-DEALS' });
      const product = await t.http.post('/api/products').set(as(purchaser)).send({
        productCode: 'CRM-DEAL-1',
        productName: '智能客控主机',
        categoryId: category.body.data.categoryId,
        salePrice: 1500,
        status: 'active',
      });
      const id = (await create(sales, newCustomer({ customerName: '报价往来酒店' }))).body.data.customerId;
      const today = new Date().toISOString().slice(0, 10);
      const quotation = await t.http
        .post('/api/quotations')
        .set(as(sales))
        .send({
          quotationTitle: '报价往来酒店客控报价',
          customerId: id,
          validFrom: today,
          validUntil: '2099-12-31',
          items: [{ productId: product.body.data.productId, quantity: 2, actualPrice: 1400 }],
        });
      expect(quotation.status).toBe(200);
      const detail = await t.http.get(`/api/customers/${id}`).set(as(sales));
      expect(detail.body.data.quotations).toEqual([
        expect.objectContaining({
          quotationId: quotation.body.data.quotationId,
          status: 'draft',
          totalAmount: '2800.00',
        }),
      ]);
      expect(detail.body.data.contracts).toEqual([]);
      await t.http
        .put(`/api/customers/${id}/owner`)
        .set(as(manager))
        .send({ newOwnerId: other.id, transferReason: '区域调整' });
      const moved = await t.http.get(`/api/quotations/${quotation.body.data.quotationId}`).set(as(other.token));
      expect(moved.status).toBe(200);
      expect(moved.body.data.ownerId).toBe(other.id);
      expect((await t.http.get(`/api/quotations/${quotation.body.data.quotationId}`).set(as(sales))).status).toBe(404);
    });
  });

  describe('export (§3.8) and delete', () => {
    it('exports the filtered customers as .xlsx, with formula-like text neutralised', async () => {
      await create(
        sales,
        newCustomer({ customerName: '=HYPERLINK("http://evil","点我")', customerStage: 'negotiation' }),
      );
      const res = await t.http
        .get('/api/customers/export?customerStage=negotiation')
        .set(as(sales))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = await readXlsx(res.body as Buffer);
      expect(rows[0]).toEqual(expect.arrayContaining(['客户编码', '客户名称', '客户阶段', '负责人']));
      const names = rows.slice(1).map((r) => r[1]);
      expect(names).toEqual(['\'=HYPERLINK("http://evil","点我")']);
      expect(rows[1][4]).toBe('商务谈判');
    });

    it('exports only the caller’s own customers for sales', async () => {
      const res = await t.http.get('/api/customers/export').set(as(sales)).buffer(true).parse(binary);
      const owners = new Set((await readXlsx(res.body as Buffer)).slice(1).map((r) => r[14]));
      expect([...owners]).toEqual(['sales']);
    });

    it('soft-deletes a customer (managers only); it disappears from lists and detail', async () => {
      const id = (await create(sales, newCustomer({ customerName: '待删除酒店' }))).body.data.customerId;
      expect((await t.http.delete(`/api/customers/${id}`).set(as(sales))).status).toBe(403);
      const res = await t.http.delete(`/api/customers/${id}`).set(as(manager));
      expect(res.status).toBe(200);
      expect((await t.http.get(`/api/customers/${id}`).set(as(manager))).status).toBe(404);
      const found = await t.http.get('/api/customers?keyword=待删除').set(as(manager));
      expect(found.body.data.list).toEqual([]);
      const again = await create(sales, newCustomer({ customerName: '待删除酒店' }));
      expect(again.status).toBe(200);
    });
  });
});
