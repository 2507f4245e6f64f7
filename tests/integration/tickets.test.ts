import { ServiceTicketModel } from '@app/server/src/db/models';
import { ticketContract } from '../authz/ticket-fixtures';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, dayAfter, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Ticket {
  ticketId: number;
  ticketNo: string;
  status: string;
  priority: string;
  customerId: number;
  isUnderWarranty: 0 | 1;
  warrantyStatus: string;
  warrantyEndDate: string | null;
  warrantyDaysLeft: number | null;
  assignedTo: number | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  customerRating: number | null;
  logs: {
    logId: number;
    logType: string;
    logContent: string;
    createdBy: number | null;
    createdByName: string | null;
  }[];
  [key: string]: unknown;
}
interface Page {
  list: Ticket[];
  pagination: { page: number; pageSize: number; total: number; totalPages: number };
}

const HOUR = 3_600_000;

describe('service tickets (004 §12)', () => {
  let t: TestApp;
  let w: QuotationWorld;
  let ops: string;
  let service: string;
  let opsId: number;
  let adminId: number;
  const clock = new FakeClock(Date.now());
  const today = () => dayAfter(clock.now(), 0);
  const year = () => clock.now().getUTCFullYear();

  beforeAll(async () => {
    // The clock walks through days of ticket work: tokens must outlive it.
    t = await startTestApp({ JWT_STAFF_TTL_SECONDS: String(30 * 24 * 3600) }, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
    ops = await t.login('ops', 'ops123');
    service = await t.login('customer_service', 'customer_service123');
    const me = async (token: string) => (await t.http.get('/api/auth/profile').set(as(token))).body.data.id as number;
    opsId = await me(ops);
    adminId = await me(w.tokens.admin);
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    ticketType: 'repair',
    ticketTitle: 'XX酒店3楼客控系统故障',
    priority: 'high',
    customerId: w.customerId,
    customerContactId: w.contactId,
    problemDescription: '3楼客控系统无法正常控制灯光和空调',
    expectedResolveDate: dayAfter(clock.now(), 2),
    attachmentUrls: ['http://example.com/fault-photo.jpg'],
    ...overrides,
  });
  const create = (overrides: Record<string, unknown> = {}, token = service) =>
    t.http.post('/api/service-tickets').set(as(token)).send(body(overrides));
  const created = async (overrides: Record<string, unknown> = {}, token = service) =>
    expectSuccess<Ticket>(await create(overrides, token));
  const get = async (id: number, token = service) =>
    expectSuccess<Ticket>(await t.http.get(`/api/service-tickets/${id}`).set(as(token)));
  const put = (id: number, action: string, payload: object, token = ops) =>
    t.http.put(`/api/service-tickets/${id}${action}`).set(as(token)).send(payload);
  const assign = (id: number, assignedTo = opsId, extra: object = {}, token = ops) =>
    put(id, '/assign', { assignedTo, ...extra }, token);
  const resolveBody = { problemAnalysis: '经检查发现主机故障', solution: '更换主机后问题解决' };
  const resolvedTicket = async (overrides: Record<string, unknown> = {}) => {
    const tk = await created(overrides);
    expectSuccess(await assign(tk.ticketId));
    expectSuccess(await put(tk.ticketId, '/resolve', resolveBody));
    return tk;
  };
  const list = async (query: string, token = service) =>
    expectSuccess<Page>(await t.http.get(`/api/service-tickets?${query}`).set(as(token)));

  describe('create (12.2) and detail (12.3)', () => {
    it('creates the documented example, numbered TICKET-<year>-001, under the contract warranty', async () => {
      const contractId = await ticketContract(
        w.customerId,
        {
          warrantyPeriod: '12个月',
          warrantyStartDate: dayAfter(clock.now(), -300),
          warrantyEndDate: dayAfter(clock.now(), 65),
        },
        [w.products.host],
      );
      const tk = await created({ contractId, productId: w.products.host });
      expect(tk).toMatchObject({
        ticketNo: `TICKET-${year()}-001`,
        ticketType: 'repair',
        ticketTitle: 'XX酒店3楼客控系统故障',
        priority: 'high',
        status: 'pending',
        customerId: w.customerId,
        customerName: '演示酒店集团',
        customerContactId: w.contactId,
        contactName: '李经理',
        contactPhone: '13800138000',
        contractId,
        productId: w.products.host,
        productName: '智能客控主机标准版',
        problemDescription: '3楼客控系统无法正常控制灯光和空调',
        isUnderWarranty: 1,
        warrantyStatus: 'in_warranty',
        warrantyStartDate: dayAfter(clock.now(), -300),
        warrantyEndDate: dayAfter(clock.now(), 65),
        warrantyDaysLeft: 65,
        expectedResolveDate: dayAfter(clock.now(), 2),
        attachmentUrls: ['http://example.com/fault-photo.jpg'],
        reportedAt: clock.now().toISOString(),
        createdAt: clock.now().toISOString(),
        assignedTo: null,
        firstResponseAt: null,
        serviceFee: null,
        paymentStatus: null,
        replacedParts: [],
        customerRating: null,
      });
      expect(tk.logs).toEqual([
        expect.objectContaining({
          logType: 'create',
          logContent: expect.stringContaining('在保'),
          createdByName: '演示客服',
        }),
      ]);
      expect(await get(tk.ticketId)).toEqual(tk);
    });

    it('computes the warranty from the terms on the day of creation', async () => {
      const expired = await ticketContract(w.customerId, {
        warrantyPeriod: '1年',
        warrantyStartDate: dayAfter(clock.now(), -400),
        warrantyEndDate: dayAfter(clock.now(), -35),
      });
      expect(await created({ contractId: expired })).toMatchObject({
        isUnderWarranty: 0,
        warrantyStatus: 'expired',
        warrantyDaysLeft: 0,
      });
      const bySigning = await ticketContract(w.customerId, {
        warrantyPeriod: '90天',
        warrantyStartType: 'signing',
        signedDate: dayAfter(clock.now(), -10),
      });
      expect(await created({ contractId: bySigning })).toMatchObject({
        isUnderWarranty: 1,
        warrantyEndDate: dayAfter(clock.now(), 80),
        warrantyDaysLeft: 80,
      });
      const draft = await ticketContract(w.customerId, {
        warrantyPeriod: '90天',
        warrantyStartType: 'signing',
        signedDate: dayAfter(clock.now(), -200),
        status: 'draft',
      });
      expect(await created({ contractId: draft })).toMatchObject({
        isUnderWarranty: 1,
        warrantyStatus: 'not_started',
        warrantyEndDate: null,
      });
      const undelivered = await ticketContract(w.customerId, {
        warrantyPeriod: '12个月',
        warrantyStartType: 'delivery',
      });
      expect(await created({ contractId: undelivered })).toMatchObject({
        isUnderWarranty: 1,
        warrantyStatus: 'not_started',
        warrantyEndDate: null,
      });
      const noTerms = await ticketContract(w.customerId, {});
      expect(await created({ contractId: noTerms })).toMatchObject({ isUnderWarranty: 0, warrantyStatus: 'no_terms' });
      expect(await created()).toMatchObject({ isUnderWarranty: 0, warrantyStatus: 'no_contract', contractId: null });
    });

    it('keeps the warranty of creation day when the contract changes later', async () => {
      const contractId = await ticketContract(w.customerId, {
        warrantyPeriod: '12个月',
        warrantyEndDate: dayAfter(clock.now(), 5),
      });
      const tk = await created({ contractId });
      await t.container.db.sequelize.query('UPDATE contracts SET warrantyEndDate = ? WHERE id = ?', {
        replacements: [dayAfter(clock.now(), -5), contractId],
      });
      expect(await get(tk.ticketId)).toMatchObject({ isUnderWarranty: 1, warrantyEndDate: dayAfter(clock.now(), 5) });
    });

    it('refuses bad input with 400 naming the field', async () => {
      const bad = expectFailure(await create({ ticketType: 'upgrade' }), 400, 'VALIDATION_ERROR');
      expect(bad.message).toContain('ticketType');
      expect(expectFailure(await create({ ticketTitle: ' ' }), 400, 'VALIDATION_ERROR').message).toContain(
        'ticketTitle',
      );
      expectFailure(await create({ expectedResolveDate: '2025-02-30' }), 400, 'VALIDATION_ERROR');
      expectFailure(await create({ priority: 'normal' }), 400, 'VALIDATION_ERROR');
      expectFailure(await create({ customerId: 999999 }), 400, 'TICKET_CUSTOMER_INVALID');
      expectFailure(await create({ customerContactId: w.otherContactId }), 400, 'CONTACT_NOT_FOUND');
      const foreignContract = await ticketContract(w.otherCustomerId, { warrantyPeriod: '12个月' });
      expectFailure(await create({ contractId: foreignContract }), 400, 'TICKET_CONTRACT_INVALID');
      const contractId = await ticketContract(w.customerId, { warrantyPeriod: '12个月' }, [w.products.host]);
      expectFailure(await create({ contractId, productId: w.products.panel }), 400, 'TICKET_PRODUCT_INVALID');
      expectFailure(await create({ productId: 999999 }), 400, 'TICKET_PRODUCT_INVALID');
      expect(await created({ productId: w.products.panel })).toMatchObject({ productName: '触摸开关面板' });
    });

    it('lets sales open tickets for their own customers only', async () => {
      expect(await created({}, w.tokens.sales)).toMatchObject({ customerId: w.customerId });
      expectFailure(
        await create({ customerId: w.otherCustomerId, customerContactId: w.otherContactId }, w.tokens.sales),
        400,
        'TICKET_CUSTOMER_INVALID',
      );
    });

    it('numbers concurrent tickets uniquely and without gaps', async () => {
      const before = await ServiceTicketModel.count();
      const results = await Promise.all(Array.from({ length: 8 }, () => create()));
      const numbers = results.map((r) => expectSuccess<Ticket>(r).ticketNo).sort();
      const expected = Array.from(
        { length: 8 },
        (_, i) => `TICKET-${year()}-${String(before + i + 1).padStart(3, '0')}`,
      );
      expect(numbers).toEqual(expected);
    });

    it('hides another owner’s ticket from sales (404) and answers 404 for a missing one', async () => {
      const foreign = await created({ customerId: w.otherCustomerId, customerContactId: w.otherContactId });
      expectFailure(
        await t.http.get(`/api/service-tickets/${foreign.ticketId}`).set(as(w.tokens.sales)),
        404,
        'TICKET_NOT_FOUND',
      );
      expectFailure(await t.http.get('/api/service-tickets/999999').set(as(service)), 404, 'TICKET_NOT_FOUND');
      expectFailure(await t.http.get('/api/service-tickets/abc').set(as(service)), 400, 'VALIDATION_ERROR');
    });
  });

  describe('list (12.1)', () => {
    it('filters, pages and scopes the list, newest report first', async () => {
      const customerId = await t.container.db.transaction((tx) =>
        t.container.repositories.customers.create(
          {
            customerCode: 'CUST-T-LIST',
            customerName: '列表酒店',
            customerStage: 'client',
            ownerId: w.salesUserId,
            createdBy: null,
          },
          tx,
        ),
      );
      const contractId = await ticketContract(customerId, {
        warrantyPeriod: '12个月',
        warrantyEndDate: dayAfter(clock.now(), 30),
      });
      const a = await created({ customerId, customerContactId: undefined, contractId, priority: 'urgent' });
      clock.advance(1000);
      const b = await created({ customerId, customerContactId: undefined, ticketType: 'inspection', priority: 'low' });
      clock.advance(1000);
      const c = await created({ customerId, customerContactId: undefined, ticketType: 'replacement' });
      expectSuccess(await assign(c.ticketId));
      const ids = (p: Page) => p.list.map((x) => x.ticketId);

      const all = await list(`customerId=${customerId}`);
      expect(ids(all)).toEqual([c.ticketId, b.ticketId, a.ticketId]);
      expect(all.pagination).toEqual({ page: 1, pageSize: 20, total: 3, totalPages: 1 });
      expect(all.list[2]).toMatchObject({ customerName: '列表酒店', isUnderWarranty: 1, contractId });
      expect(ids(await list(`customerId=${customerId}&contractId=${contractId}`))).toEqual([a.ticketId]);
      expect(ids(await list(`customerId=${customerId}&ticketType=inspection`))).toEqual([b.ticketId]);
      expect(ids(await list(`customerId=${customerId}&priority=urgent`))).toEqual([a.ticketId]);
      expect(ids(await list(`customerId=${customerId}&status=in_progress`))).toEqual([c.ticketId]);
      expect(ids(await list(`customerId=${customerId}&assignedTo=${opsId}`))).toEqual([c.ticketId]);
      expect((await list(`customerId=${customerId}&assignedTo=${opsId}`)).list[0].assignedToName).toBe('演示运维人员');
      expect(ids(await list(`customerId=${customerId}&isUnderWarranty=1`))).toEqual([a.ticketId]);
      expect(ids(await list(`customerId=${customerId}&isUnderWarranty=0`))).toEqual([c.ticketId, b.ticketId]);
      const page2 = await list(`customerId=${customerId}&page=2&pageSize=2`);
      expect(ids(page2)).toEqual([a.ticketId]);
      expect(page2.pagination).toEqual({ page: 2, pageSize: 2, total: 3, totalPages: 2 });

      // Sales see only the tickets of their own customers; data.all sees every one.
      const salesList = await list('pageSize=100', w.tokens.sales);
      expect(salesList.list.every((x) => x.customerId !== w.otherCustomerId)).toBe(true);
      expect(salesList.list.length).toBeGreaterThan(0);
      expect((await list(`customerId=${w.otherCustomerId}`, w.tokens.sales)).pagination.total).toBe(0);
      expect((await list(`customerId=${w.otherCustomerId}`, w.tokens.manager)).pagination.total).toBeGreaterThan(0);

      expectFailure(await t.http.get('/api/service-tickets?status=open').set(as(service)), 400, 'VALIDATION_ERROR');
      expectFailure(
        await t.http.get('/api/service-tickets?isUnderWarranty=2').set(as(service)),
        400,
        'VALIDATION_ERROR',
      );
    });
  });

  describe('update (12.4)', () => {
    it('changes open tickets and logs what changed and why', async () => {
      const tk = await created();
      const updated = expectSuccess<Ticket>(
        await put(
          tk.ticketId,
          '',
          { priority: 'urgent', expectedResolveDate: dayAfter(clock.now(), 1), updateReason: '客户要求加急处理' },
          service,
        ),
      );
      expect(updated).toMatchObject({ priority: 'urgent', expectedResolveDate: dayAfter(clock.now(), 1) });
      expect(updated.logs.at(-1)).toMatchObject({
        logType: 'update',
        logContent: expect.stringMatching(/优先级 高 → 紧急.*原因：客户要求加急处理/),
      });
      expectFailure(await put(tk.ticketId, '', { updateReason: '只有原因' }, service), 400, 'VALIDATION_ERROR');
      expectFailure(
        await put(tk.ticketId, '', { customerContactId: w.otherContactId }, service),
        400,
        'CONTACT_NOT_FOUND',
      );
      expectSuccess(await put(tk.ticketId, '/close', { closeNote: '重复报修' }));
      expectFailure(await put(tk.ticketId, '', { priority: 'low' }, service), 422, 'TICKET_WRONG_STATE');
    });
  });

  describe('assign and transfer (12.5)', () => {
    it('assigns a pending ticket, starting the work and stopping the response clock', async () => {
      const tk = await created();
      clock.advance(2 * HOUR);
      const res = expectSuccess(await assign(tk.ticketId, opsId, { assignReason: '按区域分配工单' }), '分配成功');
      expect(res).toEqual({
        ticketId: tk.ticketId,
        status: 'in_progress',
        assignedTo: opsId,
        assignedToName: '演示运维人员',
      });
      const after = await get(tk.ticketId);
      expect(after).toMatchObject({
        status: 'in_progress',
        assignedTo: opsId,
        firstResponseAt: clock.now().toISOString(),
      });
      expect(after.logs.at(-1)).toMatchObject({
        logType: 'assign',
        logContent: '工单已分配给演示运维人员处理。原因：按区域分配工单',
        createdBy: opsId,
      });
    });

    it('transfers only with a reason, keeps the first response, and refuses the same handler', async () => {
      const tk = await created();
      expectSuccess(await assign(tk.ticketId));
      const first = (await get(tk.ticketId)).firstResponseAt;
      expectFailure(await assign(tk.ticketId, opsId, { assignReason: '再次' }), 422, 'TICKET_ASSIGNEE_UNCHANGED');
      const missing = expectFailure(await assign(tk.ticketId, adminId), 400, 'TICKET_REASON_REQUIRED');
      expect(missing.error.details).toEqual([{ field: 'assignReason', message: expect.any(String) }]);
      clock.advance(HOUR);
      expectSuccess(await assign(tk.ticketId, adminId, { assignReason: '需要高级工程师' }));
      const after = await get(tk.ticketId);
      expect(after).toMatchObject({ assignedTo: adminId, assignedToName: '系统管理员', firstResponseAt: first });
      expect(after.logs.at(-1)).toMatchObject({
        logType: 'transfer',
        logContent: '工单由演示运维人员转派给系统管理员处理。原因：需要高级工程师',
      });
    });

    it('assigns only active staff who may resolve tickets, and only open tickets', async () => {
      const tk = await created();
      expectFailure(await assign(tk.ticketId, w.salesUserId), 400, 'TICKET_ASSIGNEE_INVALID');
      expectFailure(await assign(tk.ticketId, 999999), 400, 'TICKET_ASSIGNEE_INVALID');
      expectFailure(await assign(tk.ticketId, opsId, {}, service), 403, 'FORBIDDEN');
      const done = await resolvedTicket();
      expectFailure(await assign(done.ticketId), 422, 'TICKET_WRONG_STATE');
    });
  });

  describe('resolve (12.6)', () => {
    it('records analysis, solution and exact costs; waived under warranty', async () => {
      const contractId = await ticketContract(w.customerId, {
        warrantyPeriod: '12个月',
        warrantyEndDate: dayAfter(clock.now(), 100),
      });
      const tk = await created({ contractId });
      expectFailure(await put(tk.ticketId, '/resolve', resolveBody), 422, 'TICKET_WRONG_STATE');
      expectSuccess(await assign(tk.ticketId));
      clock.advance(HOUR);
      const res = expectSuccess(
        await put(tk.ticketId, '/resolve', {
          ...resolveBody,
          serviceFee: 0.0,
          partsCost: 800.3,
          replacedParts: [
            { partName: '智能客控主机', partCode: 'RCS-001', quantity: 1, unitCost: 800.0 },
            { partName: '螺丝', quantity: 3, unitCost: '0.10' },
          ],
          attachmentUrls: ['http://example.com/repair-photo.jpg'],
        }),
        '工单已解决',
      );
      expect(res).toEqual({
        ticketId: tk.ticketId,
        status: 'resolved',
        resolvedAt: clock.now().toISOString(),
        serviceFee: '0.00',
        partsCost: '800.30',
        totalCost: '800.30',
        paymentStatus: 'waived',
      });
      const after = await get(tk.ticketId);
      expect(after).toMatchObject({
        status: 'resolved',
        problemAnalysis: '经检查发现主机故障',
        solution: '更换主机后问题解决',
        serviceFee: '0.00',
        partsCost: '800.30',
        totalCost: '800.30',
        paymentStatus: 'waived',
        resolvedBy: opsId,
        solutionAttachmentUrls: ['http://example.com/repair-photo.jpg'],
        replacedParts: [
          { partName: '智能客控主机', partCode: 'RCS-001', quantity: 1, unitCost: '800.00', subtotal: '800.00' },
          { partName: '螺丝', partCode: null, quantity: 3, unitCost: '0.10', subtotal: '0.30' },
        ],
      });
      expect(after.logs.at(-1)).toMatchObject({ logType: 'resolve' });
      expectFailure(await put(tk.ticketId, '/resolve', resolveBody), 422, 'TICKET_WRONG_STATE');
    });

    it('charges out of warranty and refuses costs that do not add up', async () => {
      const tk = await created();
      expectSuccess(await assign(tk.ticketId));
      const mismatch = expectFailure(
        await put(tk.ticketId, '/resolve', {
          ...resolveBody,
          partsCost: '100.00',
          replacedParts: [{ partName: '面板', quantity: 3, unitCost: '33.33' }],
        }),
        400,
        'TICKET_COST_MISMATCH',
      );
      expect(mismatch.error.details).toEqual([{ field: 'partsCost', message: '应为 99.99' }]);
      expectFailure(await put(tk.ticketId, '/resolve', { ...resolveBody, serviceFee: -1 }), 400, 'VALIDATION_ERROR');
      expectFailure(
        await put(tk.ticketId, '/resolve', { ...resolveBody, serviceFee: '1.005' }),
        400,
        'VALIDATION_ERROR',
      );
      expectFailure(await put(tk.ticketId, '/resolve', { solution: '无分析' }), 400, 'VALIDATION_ERROR');
      const res = expectSuccess<Record<string, unknown>>(
        await put(tk.ticketId, '/resolve', {
          ...resolveBody,
          serviceFee: '150.10',
          replacedParts: [{ partName: '面板', quantity: 3, unitCost: '33.33' }],
        }),
      );
      expect(res).toMatchObject({ partsCost: '99.99', totalCost: '250.09', paymentStatus: 'unpaid' });
    });

    it('can leave the work awaiting the customer’s acceptance; closing then accepts it', async () => {
      const tk = await created();
      expectSuccess(await assign(tk.ticketId));
      const res = expectSuccess<Record<string, unknown>>(
        await put(tk.ticketId, '/resolve', { ...resolveBody, awaitingAcceptance: true }),
      );
      expect(res.status).toBe('pending_acceptance');
      expect((await list(`status=pending_acceptance`)).list.map((x) => x.ticketId)).toContain(tk.ticketId);
      expect(
        expectSuccess<Record<string, unknown>>(await put(tk.ticketId, '/close', { closeNote: '客户验收通过' })).status,
      ).toBe('closed');
    });

    it('lets exactly one of two concurrent resolutions win, with one set of parts', async () => {
      const tk = await created();
      expectSuccess(await assign(tk.ticketId));
      const parts = (n: number) => ({
        ...resolveBody,
        replacedParts: [{ partName: `配件${n}`, quantity: 1, unitCost: n }],
      });
      const results = await Promise.all([
        put(tk.ticketId, '/resolve', parts(1)),
        put(tk.ticketId, '/resolve', parts(2)),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, expect.any(Number)]);
      const loser = results.find((r) => r.status !== 200);
      // SQLite runs them one after the other (the second sees `resolved`); MariaDB lets the guarded UPDATE decide.
      expect(['TICKET_WRONG_STATE', 'TICKET_CHANGED']).toContain(loser?.body.error.code);
      const after = await get(tk.ticketId);
      expect(after.replacedParts).toHaveLength(1);
      expect(after.logs.filter((l) => l.logType === 'resolve')).toHaveLength(1);
    });

    it('sends work the customer did not accept back to a handler', async () => {
      const tk = await created();
      expectSuccess(await assign(tk.ticketId));
      expectSuccess(await put(tk.ticketId, '/resolve', { ...resolveBody, awaitingAcceptance: true }));
      expectSuccess(await assign(tk.ticketId, adminId, { assignReason: '客户验收未通过，返工' }));
      expect(await get(tk.ticketId)).toMatchObject({ status: 'in_progress', assignedTo: adminId });
    });
  });

  describe('close (12.7)', () => {
    it('closes resolved work and cancels an open ticket only with a reason', async () => {
      const done = await resolvedTicket();
      clock.advance(HOUR);
      expect(
        expectSuccess(await put(done.ticketId, '/close', { closeNote: '客户确认问题已解决，工单关闭' }), '工单已关闭'),
      ).toEqual({ ticketId: done.ticketId, status: 'closed', closedAt: clock.now().toISOString() });
      expect(await get(done.ticketId)).toMatchObject({ closeNote: '客户确认问题已解决，工单关闭', closedBy: opsId });
      expectFailure(await put(done.ticketId, '/close', {}), 422, 'TICKET_WRONG_STATE');

      const open = await created();
      const noReason = expectFailure(await put(open.ticketId, '/close', {}), 400, 'TICKET_REASON_REQUIRED');
      expect(noReason.error.details).toEqual([{ field: 'closeNote', message: expect.any(String) }]);
      expect(
        expectSuccess<Record<string, unknown>>(await put(open.ticketId, '/close', { closeNote: '客户撤回报修' }))
          .status,
      ).toBe('cancelled');
      const after = await get(open.ticketId);
      expect(after.logs.at(-1)).toMatchObject({ logType: 'cancel', logContent: '工单已取消：客户撤回报修' });
      expectFailure(await put(open.ticketId, '/close', { closeNote: 'x' }), 422, 'TICKET_WRONG_STATE');
      expectFailure(await put(open.ticketId, '/close', { closeNote: 'x' }, service), 403, 'FORBIDDEN');
    });
  });

  describe('operation logs (12.8)', () => {
    it('adds entries in order; contacting the customer is the first response', async () => {
      const tk = await created();
      const comment = expectSuccess<Record<string, unknown>>(
        await t.http
          .post(`/api/service-tickets/${tk.ticketId}/logs`)
          .set(as(service))
          .send({ logType: 'comment', logContent: '客户来电补充：仅3楼', attachmentUrls: [] }),
        '记录已添加',
      );
      expect(comment).toEqual({
        logId: expect.any(Number),
        logType: 'comment',
        logContent: '客户来电补充：仅3楼',
        attachmentUrls: [],
        createdBy: expect.any(Number),
        createdByName: '演示客服',
        createdAt: clock.now().toISOString(),
      });
      expect((await get(tk.ticketId)).firstResponseAt).toBeNull();
      clock.advance(HOUR);
      expectSuccess(
        await t.http
          .post(`/api/service-tickets/${tk.ticketId}/logs`)
          .set(as(service))
          .send({ logType: 'contact', logContent: '已联系客户确认问题现象' }),
      );
      const after = await get(tk.ticketId);
      expect(after.firstResponseAt).toBe(clock.now().toISOString());
      expect(after.logs.map((l) => l.logType)).toEqual(['create', 'comment', 'contact']);
      expectFailure(
        await t.http
          .post(`/api/service-tickets/${tk.ticketId}/logs`)
          .set(as(service))
          .send({ logType: 'assign', logContent: 'x' }),
        400,
        'VALIDATION_ERROR',
      );
      expectFailure(
        await t.http
          .post(`/api/service-tickets/${tk.ticketId}/logs`)
          .set(as(service))
          .send({ logType: 'comment', logContent: '' }),
        400,
        'VALIDATION_ERROR',
      );
    });
  });

  describe('rating (12.9)', () => {
    const rate = (
      id: number,
      payload: object = { customerRating: 5, customerFeedback: '服务及时，问题解决快，非常满意' },
    ) => t.http.post(`/api/service-tickets/${id}/rating`).set(as(service)).send(payload);

    it('records the customer’s rating once; a second answers 409', async () => {
      const open = await created();
      expectFailure(await rate(open.ticketId), 422, 'TICKET_WRONG_STATE');
      const done = await resolvedTicket();
      expectFailure(await rate(done.ticketId, { customerRating: 6 }), 400, 'VALIDATION_ERROR');
      expectFailure(await rate(done.ticketId, { customerRating: 4.5 }), 400, 'VALIDATION_ERROR');
      expect(expectSuccess(await rate(done.ticketId), '评价成功')).toEqual({
        ticketId: done.ticketId,
        customerRating: 5,
        customerFeedback: '服务及时，问题解决快，非常满意',
        ratedAt: clock.now().toISOString(),
      });
      expectFailure(await rate(done.ticketId, { customerRating: 1 }), 409, 'TICKET_ALREADY_RATED');
      const after = await get(done.ticketId);
      expect(after).toMatchObject({ customerRating: 5, customerFeedback: '服务及时，问题解决快，非常满意' });
      expect(after.logs.at(-1)).toMatchObject({ logType: 'rate' });
      expectSuccess(await put(done.ticketId, '/close', {}));
      expectFailure(await rate(done.ticketId), 409, 'TICKET_ALREADY_RATED');
      expectFailure(
        await t.http
          .post(`/api/service-tickets/${done.ticketId}/rating`)
          .set(as(w.tokens.sales))
          .send({ customerRating: 5 }),
        403,
        'FORBIDDEN',
      );
    });

    it('lets exactly one of two concurrent ratings win', async () => {
      const done = await resolvedTicket();
      const results = await Promise.all([
        rate(done.ticketId, { customerRating: 5 }),
        rate(done.ticketId, { customerRating: 3 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.error.code).toBe('TICKET_ALREADY_RATED');
      const winner = results.find((r) => r.status === 200)?.body.data.customerRating;
      expect((await get(done.ticketId)).customerRating).toBe(winner);
    });
  });

  describe('statistics (12.10)', () => {
    it('counts and averages in the database, filtered by customer and report date, in the caller’s scope', async () => {
      const customerId = await t.container.db.transaction((tx) =>
        t.container.repositories.customers.create(
          {
            customerCode: 'CUST-T-STATS',
            customerName: '统计酒店',
            customerStage: 'client',
            ownerId: w.salesUserId,
            createdBy: null,
          },
          tx,
        ),
      );
      const contractId = await ticketContract(customerId, {
        warrantyPeriod: '12个月',
        warrantyEndDate: dayAfter(clock.now(), 30),
      });
      const base = { customerId, customerContactId: undefined };
      const start = today();
      // A: response 2 h, resolved after 26 h, rated 4. B: response 3 h, resolved after 23 h, rated 5.
      const a = await created({ ...base, contractId, priority: 'urgent' });
      const b = await created({ ...base, ticketType: 'inspection', priority: 'low' });
      clock.advance(2 * HOUR);
      expectSuccess(await assign(a.ticketId));
      clock.advance(HOUR);
      expectSuccess(await assign(b.ticketId));
      clock.advance(20 * HOUR);
      expectSuccess(await put(b.ticketId, '/resolve', resolveBody));
      clock.advance(3 * HOUR);
      expectSuccess(await put(a.ticketId, '/resolve', resolveBody));
      expectSuccess(
        await t.http.post(`/api/service-tickets/${a.ticketId}/rating`).set(as(service)).send({ customerRating: 4 }),
      );
      expectSuccess(
        await t.http.post(`/api/service-tickets/${b.ticketId}/rating`).set(as(service)).send({ customerRating: 5 }),
      );
      expectSuccess(await put(b.ticketId, '/close', {}));
      // C: open, never answered (no response time), replacement.
      const c = await created({ ...base, ticketType: 'replacement' });

      const stats = expectSuccess<Record<string, unknown>>(
        await t.http.get(`/api/service-tickets/statistics?customerId=${customerId}`).set(as(service)),
        '查询成功',
      );
      expect(stats).toEqual({
        totalTickets: 3,
        byStatus: { pending: 1, in_progress: 0, pending_acceptance: 0, resolved: 1, closed: 1, cancelled: 0 },
        byType: { repair: 1, replacement: 1, technical_support: 0, inspection: 1 },
        byPriority: { urgent: 1, high: 1, medium: 0, low: 1 },
        avgResponseTime: 2.5,
        avgResolveTime: 24.5,
        avgCustomerRating: 4.5,
        warrantyTickets: 1,
        nonWarrantyTickets: 2,
      });
      expect(c.status).toBe('pending');

      // Report dates: A and B on `start`; C 26 hours later, on a later day.
      const on = (from: string, to: string) =>
        t.http
          .get(`/api/service-tickets/statistics?customerId=${customerId}&startDate=${from}&endDate=${to}`)
          .set(as(service));
      expect(expectSuccess<{ totalTickets: number }>(await on(start, start)).totalTickets).toBe(2);
      expect(expectSuccess<{ totalTickets: number }>(await on(today(), today())).totalTickets).toBe(1);
      expect(expectSuccess<{ totalTickets: number }>(await on(start, today())).totalTickets).toBe(3);
      const empty = expectSuccess<Record<string, unknown>>(
        await on(dayAfter(clock.now(), 5), dayAfter(clock.now(), 6)),
      );
      expect(empty).toMatchObject({
        totalTickets: 0,
        avgResponseTime: null,
        avgResolveTime: null,
        avgCustomerRating: null,
      });
      expectFailure(await on(today(), dayAfter(clock.now(), -1)), 400, 'VALIDATION_ERROR');

      // Scope: sales own this customer; their statistics never count another owner's tickets.
      const mine = expectSuccess<{ totalTickets: number }>(
        await t.http.get(`/api/service-tickets/statistics?customerId=${customerId}`).set(as(w.tokens.sales)),
      );
      expect(mine.totalTickets).toBe(3);
      const foreign = expectSuccess<{ totalTickets: number }>(
        await t.http.get(`/api/service-tickets/statistics?customerId=${w.otherCustomerId}`).set(as(w.tokens.sales)),
      );
      expect(foreign.totalTickets).toBe(0);
      const all = expectSuccess<{ totalTickets: number }>(
        await t.http.get('/api/service-tickets/statistics').set(as(w.tokens.admin)),
      );
      expect(all.totalTickets).toBe(await ServiceTicketModel.count());
    });
  });
});
