// Data for the `dashboard` bench scenario, straight into MariaDB/MySQL (the server must have migrated it).
//   npx tsx bench/dashboard-data.mts generate <customers> <contracts>   tops the DASH-* rows up to these counts
//   npx tsx bench/dashboard-data.mts explain [startDate endDate]          EXPLAIN and timing of each dashboard query
// DATABASE_URL names the database (mysql://root@127.0.0.1:3306/bench_dashboard).
// Everything is spread over the 540 days before today, so the default range (the last 30 days) holds about 1/18.
import { createConnection, type Connection } from 'mysql2/promise';
import type { Database, RawRow, SqlParam } from '../server/src/db/database.js';
import { DashboardRepository } from '../server/src/modules/dashboard/dashboard.repository.js';
import type { DataScope } from '../server/src/modules/access/principal.js';

const DAY_MS = 86_400_000;
const SPAN_DAYS = 540;
const BATCH = 2000;
const SOURCES = ['social_media', 'exhibition', 'referral', 'website', 'cold_call', null];
const LEAD_STAGES = ['lead', 'initial_contact', 'prospect', 'negotiation'];
/** Contract statuses by weight: most are being executed or done. */
const CONTRACT_STATUSES: [string, number][] = [
  ['draft', 5],
  ['signed', 20],
  ['executing', 45],
  ['completed', 25],
  ['terminated', 5],
];

/** A small deterministic generator, so two databases of the same size hold the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T,>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const weighted = (r: () => number, list: readonly [string, number][]): string => {
  let x = r() * list.reduce((a, [, w]) => a + w, 0);
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1][0];
};

const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z').getTime();
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cents = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

async function count(db: Connection, sql: string): Promise<number> {
  const [[row]] = (await db.query(sql)) as unknown as [[{ n: number }]];
  return Number(row.n);
}

interface CustomerRow {
  id: number;
  ownerId: number | null;
  proper: boolean;
}

async function generateCustomers(db: Connection, target: number, owners: number[]): Promise<void> {
  const have = await count(db, "SELECT COUNT(*) AS n FROM customers WHERE customerCode LIKE 'DASH-%'");
  const r = rng(1000 + have);
  const started = Date.now();
  for (let done = have; done < target;) {
    const batch = Math.min(BATCH, target - done);
    const rows: unknown[][] = [];
    for (let i = 0; i < batch; i += 1) {
      const created = today - Math.floor(r() * SPAN_DAYS * DAY_MS);
      const roll = r();
      const stage = roll < 0.35 ? pick(r, LEAD_STAGES) : roll < 0.85 ? 'client' : 'inactive';
      const converted =
        stage === 'client' || stage === 'inactive' ? Math.min(today, created + r() * 60 * DAY_MS) : null;
      rows.push([
        `DASH-${done + i + 1}`,
        `看板压测客户${done + i + 1}`,
        stage,
        pick(r, SOURCES),
        r() < 0.2 ? null : pick(r, owners),
        converted === null ? null : new Date(converted),
        new Date(created),
        new Date(created),
        new Date(created),
      ]);
    }
    await db.query(
      'INSERT INTO customers (customerCode, customerName, customerStage, source, ownerId, convertedAt, stageUpdatedAt, createdAt, updatedAt) VALUES ?',
      [rows],
    );
    done += batch;
    if (done % 20_000 === 0 || done === target)
      console.log(`  ${done} customers (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}

async function customersOf(db: Connection): Promise<CustomerRow[]> {
  const [rows] = (await db.query(
    "SELECT id, ownerId, customerStage FROM customers WHERE customerCode LIKE 'DASH-%' ORDER BY id",
  )) as unknown as [{ id: number; ownerId: number | null; customerStage: string }[]];
  return rows.map((c) => ({
    id: Number(c.id),
    ownerId: c.ownerId === null ? null : Number(c.ownerId),
    proper: !LEAD_STAGES.includes(c.customerStage),
  }));
}

/** Follow-ups and quotations: the customer activity besides contracts and payments. */
async function generateActivity(db: Connection, customers: CustomerRow[], owners: number[]): Promise<void> {
  const r = rng(7);
  const targets = { follow: customers.length, quotations: Math.round(customers.length * 0.4) };
  const haveFollow = await count(db, "SELECT COUNT(*) AS n FROM customer_follow_ups WHERE followUpContent = 'DASH'");
  for (let done = haveFollow; done < targets.follow; done += BATCH) {
    const rows: unknown[][] = [];
    for (let i = 0; i < Math.min(BATCH, targets.follow - done); i += 1) {
      const c = pick(r, customers);
      const at = new Date(today - Math.floor(r() * SPAN_DAYS * DAY_MS));
      rows.push([c.id, 'phone', 'DASH', '[]', at, at]);
    }
    await db.query(
      'INSERT INTO customer_follow_ups (customerId, followUpMethod, followUpContent, attachmentUrls, createdAt, updatedAt) VALUES ?',
      [rows],
    );
  }
  const haveQuotations = await count(db, "SELECT COUNT(*) AS n FROM quotations WHERE quotationNo LIKE 'DASH-%'");
  for (let done = haveQuotations; done < targets.quotations; done += BATCH) {
    const rows: unknown[][] = [];
    for (let i = 0; i < Math.min(BATCH, targets.quotations - done); i += 1) {
      const c = pick(r, customers);
      const at = today - Math.floor(r() * SPAN_DAYS * DAY_MS);
      const status = r() < 0.1 ? 'superseded' : pick(r, ['draft', 'sent', 'accepted', 'rejected', 'expired']);
      const no = `DASH-${done + i + 1}`;
      const validUntil = dayText(at + 30 * DAY_MS);
      const owner = c.ownerId ?? pick(r, owners);
      rows.push([no, no, '压测报价', c.id, owner, status, dayText(at), validUntil, new Date(at), new Date(at)]);
    }
    await db.query(
      'INSERT INTO quotations (quotationNo, baseNo, quotationTitle, customerId, ownerId, status, validFrom, validUntil, createdAt, updatedAt) VALUES ?',
      [rows],
    );
  }
}

/** Contracts of customers proper, each with two stages, the payments made so far and an invoice per payment. */
async function generateContracts(db: Connection, customers: CustomerRow[], target: number, owners: number[]) {
  const proper = customers.filter((c) => c.proper);
  const have = await count(db, "SELECT COUNT(*) AS n FROM contracts WHERE contractNo LIKE 'DASH-%'");
  const r = rng(31 + have);
  const started = Date.now();
  for (let done = have; done < target;) {
    const batch = Math.min(BATCH, target - done);
    type Plan = { c: CustomerRow; status: string; signed: number | null; amount: number; paid: [number, number][] };
    const plans: Plan[] = [];
    for (let i = 0; i < batch; i += 1) {
      const status = weighted(r, CONTRACT_STATUSES);
      const signed = status === 'draft' ? null : today - Math.floor(r() * SPAN_DAYS * DAY_MS);
      const amount = 1_000_000 + Math.floor(r() * 49_000_000);
      plans.push({ c: pick(r, proper), status, signed, amount, paid: [] });
    }
    const [res] = (await db.query(
      'INSERT INTO contracts (contractNo, contractTitle, customerId, ownerId, contractAmount, receivedAmount, signedDate, paymentTerms, status, createdAt, updatedAt) VALUES ?',
      [
        plans.map((p, i) => {
          const at = new Date(p.signed ?? today);
          return [
            `DASH-${done + i + 1}`,
            '压测合同',
            p.c.id,
            p.c.ownerId ?? pick(r, owners),
            cents(p.amount),
            '0.00',
            p.signed === null ? null : dayText(p.signed),
            '[]',
            p.status,
            at,
            at,
          ];
        }),
      ],
    )) as unknown as [{ insertId: number }];
    const stages: unknown[][] = [];
    const payments: unknown[][] = [];
    const invoices: unknown[][] = [];
    const received: [number, number][] = [];
    plans.forEach((p, i) => {
      const contractId = res.insertId + i;
      if (p.signed === null) return;
      const first = Math.floor(p.amount / 2);
      const parts = [first, p.amount - first];
      const paidStages =
        p.status === 'completed' ? 2 : p.status === 'executing' ? (r() < 0.7 ? 1 : 0) : r() < 0.3 ? 1 : 0;
      let sum = 0;
      parts.forEach((part, k) => {
        const plan = p.signed! + (k === 0 ? 30 : 120) * DAY_MS;
        const paidOn = plan + Math.floor((r() - 0.5) * 20) * DAY_MS;
        const paid = k < paidStages && paidOn <= today;
        stages.push([
          contractId,
          k + 1,
          k === 0 ? '首付款' : '尾款',
          '50.00',
          cents(part),
          dayText(plan),
          paid ? cents(part) : '0.00',
          paid,
          new Date(p.signed!),
          new Date(p.signed!),
        ]);
        if (!paid) return;
        sum += part;
        const no = `DASH-${contractId}-${k + 1}`;
        payments.push([
          no,
          contractId,
          p.c.id,
          cents(part),
          dayText(paidOn),
          'bank_transfer',
          'confirmed',
          new Date(paidOn),
          new Date(paidOn),
        ]);
        const invoiceOn = Math.min(today, paidOn + 3 * DAY_MS);
        invoices.push([
          no,
          contractId,
          p.c.id,
          'normal',
          cents(part),
          dayText(invoiceOn),
          '压测发票',
          'confirmed',
          new Date(invoiceOn),
          new Date(invoiceOn),
        ]);
      });
      if (sum > 0) received.push([contractId, sum]);
    });
    if (stages.length)
      await db.query(
        'INSERT INTO contract_payment_stages (contractId, sortOrder, stageName, ratio, amount, planDate, paidAmount, settled, createdAt, updatedAt) VALUES ?',
        [stages],
      );
    if (payments.length)
      await db.query(
        'INSERT INTO payments (paymentNo, contractId, customerId, paymentAmount, paymentDate, paymentMethod, status, createdAt, updatedAt) VALUES ?',
        [payments],
      );
    if (invoices.length)
      await db.query(
        'INSERT INTO invoices (invoiceNo, contractId, customerId, invoiceType, invoiceAmount, invoiceDate, invoiceTitle, status, createdAt, updatedAt) VALUES ?',
        [invoices],
      );
    for (const [id, sum] of received)
      await db.query('UPDATE contracts SET receivedAmount = ?, invoicedAmount = ? WHERE id = ?', [
        cents(sum),
        cents(sum),
        id,
      ]);
    done += batch;
    if (done % 10_000 === 0 || done === target)
      console.log(`  ${done} contracts (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}

async function owners(db: Connection): Promise<number[]> {
  const [rows] = (await db.query(
    "SELECT id FROM users WHERE userType = 'staff' AND username IN ('sales', 'sales_manager') ORDER BY id",
  )) as unknown as [{ id: number }[]];
  if (rows.length === 0) throw new Error('no sales users: start the server once on this database first');
  return rows.map((u) => Number(u.id));
}

async function generate(db: Connection, customerTarget: number, contractTarget: number): Promise<void> {
  const staff = await owners(db);
  await generateCustomers(db, customerTarget, staff);
  const customers = await customersOf(db);
  await generateActivity(db, customers, staff);
  await generateContracts(db, customers, contractTarget, staff);
  await db.query(
    'ANALYZE TABLE customers, customer_follow_ups, quotations, contracts, contract_payment_stages, payments, invoices',
  );
}

/** The repository's own queries, captured instead of run, then explained and timed here. */
async function explain(db: Connection, startDate: string, endDate: string): Promise<void> {
  const [[sales]] = (await db.query("SELECT id FROM users WHERE username = 'sales'")) as unknown as [[{ id: number }]];
  const scopes: [string, DataScope][] = [
    ['admin (all)', { kind: 'all' }],
    [`sales (owner ${sales.id})`, { kind: 'owner', userId: Number(sales.id) }],
  ];
  for (const [label, scope] of scopes) {
    const captured: { sql: string; params: readonly SqlParam[] }[] = [];
    const recorder = {
      dialect: 'mysql',
      select: (sql: string, params: readonly SqlParam[]): Promise<RawRow[]> => {
        captured.push({ sql, params });
        return Promise.resolve([]);
      },
    };
    const repository = new DashboardRepository(recorder as unknown as Database);
    await repository.rangeFigures(scope, { startDate, endDate, today: dayText(today) });
    await repository.balances(scope, dayText(today));
    console.log(`\n===== ${label}, ${startDate} … ${endDate} =====`);
    for (const q of captured) {
      const times: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const t0 = process.hrtime.bigint();
        await db.query(q.sql, [...q.params]);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(`\n-- ${q.sql}\n-- median ${times[3].toFixed(2)} ms of 7`);
      const [plan] = (await db.query(`EXPLAIN ${q.sql}`, [...q.params])) as unknown as [Record<string, unknown>[]];
      console.table(
        plan.map((p) => ({ id: p.id, table: p.table, type: p.type, key: p.key, rows: p.rows, Extra: p.Extra })),
      );
    }
  }
}

const [command, a, b] = process.argv.slice(2);
const db = await createConnection({
  uri: process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_dashboard',
  timezone: 'Z',
});
try {
  if (command === 'generate') await generate(db, Number(a ?? 100_000), Number(b ?? 20_000));
  else if (command === 'explain') await explain(db, a ?? dayText(today - 29 * DAY_MS), b ?? dayText(today));
  else throw new Error('usage: dashboard-data.mts generate <customers> <contracts> | explain [startDate endDate]');
} finally {
  await db.end();
}
