import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Dashboard {
  salesFunnel: { leads: number; customers: number; quotations: number; contracts: number };
  channelAnalysis: { channel: string; count: number; convertedCount: number; conversionRate: number }[];
  performanceStats: { totalContractAmount: string; totalReceivedAmount: string; totalInvoicedAmount: string };
  paymentStats: { receivableAmount: string; overdueAmount: string };
  customerAnalysis: { totalCustomers: number; activeCustomers: number; inactiveCustomers: number };
  range: { startDate: string; endDate: string };
  generatedAt: string;
}

const at = (iso: string) => new Date(`${iso}T08:00:00.000Z`);
const stamps = (created: Date) => ({ createdAt: created, updatedAt: created });

/**
 * A small known world, written straight into the tables so every date is exact. Today is 2026-11-20 (UTC).
 * `S` is the `sales` demo user, `M` the sales manager. The figures each test expects are worked out beside it.
 */
async function buildWorld(t: TestApp, S: number, M: number): Promise<void> {
  const qi = t.container.db.sequelize.getQueryInterface();
  // The demo customer is soft-deleted: deleted rows count nowhere.
  await qi.bulkUpdate('customers', { deletedAt: at('2026-11-20') }, {});
  const customer = (
    id: number,
    created: string,
    stage: string,
    source: string | null,
    ownerId: number | null,
    converted: string | null,
  ) => ({
    id,
    customerCode: `DASH-${id}`,
    customerName: `看板客户${id}`,
    customerStage: stage,
    source,
    ownerId,
    settlementType: 'PREPAID',
    convertedAt: converted ? at(converted) : null,
    ...stamps(at(created)),
  });
  await qi.bulkInsert('customers', [
    customer(101, '2026-11-02', 'client', 'social_media', S, '2026-11-05'),
    customer(102, '2026-11-03', 'lead', 'social_media', S, null),
    customer(103, '2026-11-04', 'prospect', 'social_media', M, null),
    customer(104, '2026-11-05', 'client', 'exhibition', M, '2026-11-10'),
    customer(105, '2026-11-06', 'lead', null, null, null),
    customer(106, '2026-09-10', 'client', 'referral', S, '2026-10-01'),
    customer(107, '2026-09-15', 'inactive', 'referral', M, '2026-09-20'),
    customer(108, '2026-11-07', 'negotiation', ' ', S, null),
    customer(109, '2026-06-01', 'client', 'referral', M, '2026-06-02'),
    customer(110, '2026-01-01', 'client', 'referral', S, '2026-01-02'),
  ]);
  const quotation = (id: number, created: string, ownerId: number, customerId: number, status: string) => ({
    id,
    quotationNo: `QD-${id}`,
    baseNo: `QD-${id}`,
    quotationTitle: '看板报价',
    customerId,
    ownerId,
    status,
    validFrom: created,
    validUntil: '2026-12-31',
    ...stamps(at(created)),
  });
  await qi.bulkInsert('quotations', [
    quotation(301, '2026-11-08', S, 101, 'sent'),
    quotation(302, '2026-11-09', S, 101, 'superseded'),
    quotation(303, '2026-11-10', M, 104, 'accepted'),
    quotation(304, '2026-10-01', M, 107, 'accepted'),
  ]);
  const contract = (
    id: number,
    signed: string | null,
    status: string,
    ownerId: number,
    customerId: number,
    amount: string,
    received: string,
  ) => ({
    id,
    contractNo: `CD-${id}`,
    contractTitle: '看板合同',
    customerId,
    ownerId,
    contractAmount: amount,
    receivedAmount: received,
    signedDate: signed,
    paymentTerms: '[]',
    status,
    ...stamps(at(signed ?? '2026-11-01')),
  });
  await qi.bulkInsert('contracts', [
    contract(201, '2026-11-10', 'signed', S, 101, '100000.00', '30000.00'),
    contract(202, '2026-11-12', 'executing', M, 104, '50000.50', '1234.56'),
    contract(203, '2026-10-01', 'executing', M, 107, '80000.00', '20000.00'),
    contract(204, null, 'draft', S, 101, '99999.00', '0.00'),
    contract(205, '2026-11-16', 'terminated', M, 104, '12345.00', '0.00'),
    // The manager's contract with a customer of `sales`: sales see it too.
    contract(206, '2026-11-18', 'completed', M, 106, '20000.00', '20000.00'),
    // Received more than the (lowered) amount: owes nothing, never a negative.
    contract(207, '2026-08-01', 'signed', S, 102, '10000.00', '15000.00'),
  ]);
  const stage = (id: number, contractId: number, amount: string, paid: string, settled: boolean, planDate: string) => ({
    id,
    contractId,
    sortOrder: id,
    stageName: `阶段${id}`,
    ratio: '50.00',
    amount,
    planDate,
    paidAmount: paid,
    settled,
    ...stamps(at('2026-11-01')),
  });
  await qi.bulkInsert('contract_payment_stages', [
    stage(401, 201, '50000.00', '30000.00', false, '2026-11-15'),
    stage(402, 201, '50000.00', '0.00', false, '2026-12-15'),
    stage(403, 202, '50000.50', '0.00', false, '2026-11-20'),
    stage(404, 203, '40000.00', '20000.00', false, '2026-10-15'),
    stage(405, 203, '40000.00', '0.00', false, '2026-11-01'),
    stage(406, 206, '20000.00', '20000.00', true, '2026-11-10'),
    stage(407, 207, '10000.00', '10000.00', true, '2026-08-10'),
    stage(408, 205, '12345.00', '0.00', false, '2026-11-17'),
  ]);
  const payment = (
    id: number,
    contractId: number,
    customerId: number,
    amount: string,
    day: string,
    status: string,
  ) => ({
    id,
    paymentNo: `PD-${id}`,
    contractId,
    customerId,
    paymentAmount: amount,
    paymentDate: day,
    paymentMethod: 'bank_transfer',
    status,
    ...stamps(at(day)),
  });
  await qi.bulkInsert('payments', [
    payment(501, 201, 101, '30000.00', '2026-11-11', 'confirmed'),
    payment(502, 203, 107, '20000.00', '2026-10-20', 'confirmed'),
    payment(503, 206, 106, '20000.00', '2026-11-19', 'confirmed'),
    payment(504, 202, 104, '5000.00', '2026-11-12', 'draft'),
    payment(505, 202, 104, '7000.25', '2026-11-13', 'cancelled'),
    payment(506, 202, 104, '1234.56', '2026-11-14', 'confirmed'),
  ]);
  const invoice = (
    id: number,
    contractId: number,
    customerId: number,
    amount: string,
    day: string | null,
    status: string,
  ) => ({
    id,
    invoiceNo: status === 'draft' ? null : `INV${id}`,
    contractId,
    customerId,
    invoiceType: 'normal',
    invoiceAmount: amount,
    invoiceDate: day,
    invoiceTitle: '看板发票抬头',
    status,
    ...stamps(at(day ?? '2026-11-01')),
  });
  await qi.bulkInsert('invoices', [
    invoice(601, 201, 101, '30000.00', '2026-11-12', 'confirmed'),
    invoice(602, 202, 104, '10000.10', '2026-11-13', 'confirmed'),
    invoice(603, 202, 104, '500.00', null, 'draft'),
    invoice(604, 203, 107, '8000.00', '2026-11-14', 'voided'),
  ]);
  const followUp = (id: number, customerId: number, day: string) => ({
    id,
    customerId,
    followUpMethod: 'phone',
    followUpContent: '看板跟进',
    attachmentUrls: '[]',
    ...stamps(at(day)),
  });
  await qi.bulkInsert('customer_follow_ups', [followUp(701, 107, '2026-11-03'), followUp(702, 102, '2026-11-04')]);
}

describe('dashboard (004 §13.1)', () => {
  let t: TestApp;
  const clock = new FakeClock(Date.parse('2026-11-20T02:00:00Z'));
  const tokens: Record<'admin' | 'sales' | 'manager' | 'finance' | 'media', string> = {
    admin: '',
    sales: '',
    manager: '',
    finance: '',
    media: '',
  };
  const get = (token: string, query = '') => t.http.get(`/api/dashboard${query}`).set(as(token));
  const NOV = '?startDate=2026-11-01&endDate=2026-11-30';

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await seedDemo(t);
    tokens.admin = await t.login('admin', 'admin123');
    tokens.sales = await t.login('sales', 'sales123');
    tokens.manager = await t.login('sales_manager', 'sales_manager123');
    tokens.finance = await t.login('finance', 'finance123');
    tokens.media = await t.login('media', 'media123');
    const id = async (token: string) => (await t.http.get('/api/auth/profile').set(as(token))).body.data.id as number;
    await buildWorld(t, await id(tokens.sales), await id(tokens.manager));
  }, 30_000);
  afterAll(() => t.close());

  it('counts the whole scope for a manager: funnel, channels, money, receivables and activity', async () => {
    const d = expectSuccess<Dashboard>(await get(tokens.manager, NOV));
    // Created in November: 101-105 and 108; converted in November: 101, 104; quotations 301 and 303 (302 is
    // superseded); contracts signed 201, 202, 206 (204 draft, 205 terminated).
    expect(d.salesFunnel).toEqual({ leads: 6, customers: 2, quotations: 2, contracts: 3 });
    expect(d.channelAnalysis).toEqual([
      { channel: 'social_media', count: 3, convertedCount: 1, conversionRate: 33.33 },
      { channel: 'unknown', count: 2, convertedCount: 0, conversionRate: 0 },
      { channel: 'exhibition', count: 1, convertedCount: 1, conversionRate: 100 },
    ]);
    expect(d.performanceStats).toEqual({
      totalContractAmount: '170000.50',
      totalReceivedAmount: '51234.56',
      totalInvoicedAmount: '40000.10',
    });
    // Owed: 201 70000.00 + 202 48765.94 + 203 60000.00 (207 over-received counts 0). Overdue before 11-20:
    // stage 401 20000.00, 404 20000.00, 405 40000.00 (403 falls due today; 408's contract is terminated).
    expect(d.paymentStats).toEqual({ receivableAmount: '178765.94', overdueAmount: '80000.00' });
    // Customers proper: 101, 104, 106, 107, 109, 110; active: 101, 104, 106 (contract 206, payment 503), 107
    // (follow-up); 102's follow-up does not count (a lead).
    expect(d.customerAnalysis).toEqual({ totalCustomers: 6, activeCustomers: 4, inactiveCustomers: 2 });
    expect(d.range).toEqual({ startDate: '2026-11-01', endDate: '2026-11-30' });
  });

  it('gives admin and finance (data.all) the same figures as the manager', async () => {
    const manager = expectSuccess<Dashboard>(await get(tokens.manager, NOV));
    for (const token of [tokens.admin, tokens.finance]) {
      const d = expectSuccess<Dashboard>(await get(token, NOV));
      expect({ ...d, generatedAt: '' }).toEqual({ ...manager, generatedAt: '' });
    }
  });

  it('limits sales to their own customers and what hangs off them', async () => {
    const d = expectSuccess<Dashboard>(await get(tokens.sales, NOV));
    // Own customers created in November: 101, 102, 108; quotation 301; contracts 201 and 206 (customer 106).
    expect(d.salesFunnel).toEqual({ leads: 3, customers: 1, quotations: 1, contracts: 2 });
    expect(d.channelAnalysis).toEqual([
      { channel: 'social_media', count: 2, convertedCount: 1, conversionRate: 50 },
      { channel: 'unknown', count: 1, convertedCount: 0, conversionRate: 0 },
    ]);
    expect(d.performanceStats).toEqual({
      totalContractAmount: '120000.00',
      totalReceivedAmount: '50000.00',
      totalInvoicedAmount: '30000.00',
    });
    expect(d.paymentStats).toEqual({ receivableAmount: '70000.00', overdueAmount: '20000.00' });
    expect(d.customerAnalysis).toEqual({ totalCustomers: 3, activeCustomers: 2, inactiveCustomers: 1 });
  });

  it('answers zeros for a range without data (balances and customers of today stay)', async () => {
    const d = expectSuccess<Dashboard>(await get(tokens.admin, '?startDate=2025-01-01&endDate=2025-01-31'));
    expect(d.salesFunnel).toEqual({ leads: 0, customers: 0, quotations: 0, contracts: 0 });
    expect(d.channelAnalysis).toEqual([]);
    expect(d.performanceStats).toEqual({
      totalContractAmount: '0.00',
      totalReceivedAmount: '0.00',
      totalInvoicedAmount: '0.00',
    });
    expect(d.paymentStats).toEqual({ receivableAmount: '178765.94', overdueAmount: '80000.00' });
    expect(d.customerAnalysis).toEqual({ totalCustomers: 6, activeCustomers: 0, inactiveCustomers: 6 });
  });

  it('defaults to the 30 days ending today', async () => {
    const d = expectSuccess<Dashboard>(await get(tokens.admin));
    expect(d.range).toEqual({ startDate: '2026-10-22', endDate: '2026-11-20' });
    expect(d.salesFunnel).toEqual({ leads: 6, customers: 2, quotations: 2, contracts: 3 });
    const fromStart = expectSuccess<Dashboard>(await get(tokens.admin, '?startDate=2026-11-10'));
    expect(fromStart.range).toEqual({ startDate: '2026-11-10', endDate: '2026-11-20' });
    const toEnd = expectSuccess<Dashboard>(await get(tokens.admin, '?endDate=2026-10-31'));
    expect(toEnd.range).toEqual({ startDate: '2026-10-02', endDate: '2026-10-31' });
  });

  it.each([
    ['?startDate=2026-13-01', 'startDate'],
    ['?startDate=2026-02-30', 'startDate'],
    ['?endDate=20261130', 'endDate'],
    ['?startDate=2026-11-30&endDate=2026-11-01', 'endDate'],
    ['?startDate=2027-01-01', 'endDate'],
  ])('refuses bad dates %s with 400 naming %s', async (query, field) => {
    const body = expectFailure(await get(tokens.admin, query), 400, 'VALIDATION_ERROR') as {
      error: { details: { field: string }[] };
    };
    expect(body.error.details.map((p) => p.field)).toContain(field);
  });

  it('refuses roles without dashboard.read', async () => {
    expectFailure(await get(tokens.media, NOV), 403, 'FORBIDDEN');
  });

  it('reuses an answer for 30 seconds, then counts again', async () => {
    const before = expectSuccess<Dashboard>(await get(tokens.admin, NOV));
    const qi = t.container.db.sequelize.getQueryInterface();
    await qi.bulkInsert('customers', [
      {
        customerCode: 'DASH-LATE',
        customerName: '看板新客户',
        customerStage: 'lead',
        source: 'website',
        settlementType: 'PREPAID',
        ...stamps(at('2026-11-19')),
      },
    ]);
    expect(expectSuccess<Dashboard>(await get(tokens.admin, NOV)).salesFunnel.leads).toBe(before.salesFunnel.leads);
    clock.advance(31_000);
    const after = expectSuccess<Dashboard>(await get(tokens.admin, NOV));
    expect(after.salesFunnel.leads).toBe(before.salesFunnel.leads + 1);
    expect(after.channelAnalysis).toContainEqual({
      channel: 'website',
      count: 1,
      convertedCount: 0,
      conversionRate: 0,
    });
  });
});
