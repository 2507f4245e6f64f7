// Order data for the `orders` bench scenarios, straight into MariaDB/MySQL (the server must have migrated it).
//   npx tsx bench/orders-data.mts generate <count>   tops the orders table up to <count> rows (two lines each)
//   npx tsx bench/orders-data.mts ids                prints a JSON sample of order ids (for the detail scenario)
//   npx tsx bench/orders-data.mts explain <status>   prints the EXPLAIN of the list queries for one status
// DATABASE_URL names the database (mysql://root@127.0.0.1:3306/bench_orders).
import { createConnection, type Connection } from 'mysql2/promise';

const CUSTOMERS = ['维也纳酒店', '如家酒店', '汉庭酒店', '全季酒店', '亚朵酒店', '锦江之星', '希尔顿酒店', '万豪酒店'];
const CITIES = ['深圳', '广州', '上海', '杭州', '北京', '成都', '武汉', '西安'];
/** A realistic spread: most orders are finished, a tenth in each working state. */
const STATUS_WEIGHTS: [string, number][] = [
  ['PENDING_CONFIRMATION', 2],
  ['PENDING_PO', 5],
  ['PENDING_PRODUCTION', 10],
  ['PENDING_DELIVERY', 5],
  ['PENDING_SHIPMENT', 3],
  ['SHIPPED', 5],
  ['DELIVERED', 10],
  ['COMPLETED', 55],
  ['HALTED', 1],
  ['CANCELLED', 4],
];
const BATCH = 5000;
const DAY_MS = 86_400_000;

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

function pickStatus(r: number): string {
  const total = STATUS_WEIGHTS.reduce((a, [, w]) => a + w, 0);
  let x = r * total;
  for (const [status, w] of STATUS_WEIGHTS) {
    if ((x -= w) < 0) return status;
  }
  return 'COMPLETED';
}

async function generate(db: Connection, target: number): Promise<void> {
  const [[{ n }]] = (await db.query('SELECT COUNT(*) AS n FROM orders')) as unknown as [[{ n: number }]];
  const [users] = (await db.query('SELECT id FROM users WHERE userType = "staff"')) as unknown as [{ id: number }[]];
  const salesIds = users.map((u) => Number(u.id));
  let have = Number(n);
  if (have >= target) {
    console.log(`  orders: ${have} present (≥ ${target})`);
    return;
  }
  const random = rng(have + 1);
  const start = Date.parse('2024-01-01T00:00:00Z');
  const span = Date.parse('2026-01-01T00:00:00Z') - start;
  const started = Date.now();
  while (have < target) {
    const size = Math.min(BATCH, target - have);
    const orders: unknown[][] = [];
    for (let i = 0; i < size; i += 1) {
      const seq = have + i + 1;
      // Increasing in time with the sequence (as real orders are), with a little jitter.
      const createdAt = new Date(start + Math.floor((seq / target) * span) + Math.floor(random() * DAY_MS));
      const cents = 10_000 + Math.floor(random() * 5_000_000);
      const status = pickStatus(random());
      const name = `${CITIES[seq % CITIES.length]}${CUSTOMERS[Math.floor(random() * CUSTOMERS.length)]}${seq % 997}号店`;
      orders.push([
        `BN${String(seq).padStart(10, '0')}`,
        1_000_000_000 + seq,
        1,
        name,
        `0755-${String(80000000 + (seq % 9999999)).slice(0, 8)}`,
        salesIds[seq % salesIds.length],
        status,
        seq % 3 === 0 ? 'MONTHLY' : 'PREPAID',
        (cents / 100).toFixed(2),
        ((cents / 200) | 0).toFixed(2),
        '广东省深圳市南山区科技园',
        '{}',
        createdAt,
        createdAt,
      ]);
    }
    await db.query(
      'INSERT INTO orders (orderNo, quoteId, customerId, customerName, customerPhone, salesId, status, settlementType, totalAmount, paidAmount, deliveryAddress, snapshotData, createdAt, updatedAt) VALUES ?',
      [orders],
    );
    const [[{ first }]] = (await db.query('SELECT MIN(id) AS first FROM orders WHERE quoteId >= ?', [
      1_000_000_000 + have + 1,
    ])) as unknown as [[{ first: number }]];
    const items: unknown[][] = [];
    for (let i = 0; i < size; i += 1) {
      const orderId = Number(first) + i;
      const created = orders[i][12];
      items.push([
        orderId,
        '智能客控主机标准版',
        'ROOM_CONTROL',
        '台',
        '1400.00',
        '2.00',
        '2800.00',
        'PENDING',
        0,
        created,
        created,
      ]);
      items.push([
        orderId,
        '触摸开关面板',
        'ROOM_CONTROL',
        '个',
        '33.33',
        '3.00',
        '99.99',
        'PENDING',
        1,
        created,
        created,
      ]);
    }
    await db.query(
      'INSERT INTO order_items (orderId, productName, category, unit, unitPrice, quantity, subtotal, deliveryStatus, sortOrder, createdAt, updatedAt) VALUES ?',
      [items],
    );
    have += size;
    if (have % 100_000 < BATCH || have === target) {
      console.log(`  orders: ${have} / ${target} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  // The per-status counters the list reads its totals from, rebuilt from the rows (as after any bulk load).
  await db.query('DELETE FROM order_status_counts');
  await db.query(
    'INSERT INTO order_status_counts (salesId, status, count) SELECT COALESCE(salesId, 0), status, COUNT(*) FROM orders GROUP BY COALESCE(salesId, 0), status',
  );
  await db.query('ANALYZE TABLE orders, order_items');
}

async function ids(db: Connection): Promise<void> {
  const [[{ lo, hi }]] = (await db.query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM orders')) as unknown as [
    [{ lo: number; hi: number }],
  ];
  const random = rng(42);
  const sample = Array.from({ length: 200 }, () => Number(lo) + Math.floor(random() * (Number(hi) - Number(lo) + 1)));
  console.log(JSON.stringify(sample));
}

async function explain(db: Connection, status: string): Promise<void> {
  const list = 'SELECT * FROM orders WHERE status IN (?) ORDER BY createdAt DESC, id DESC LIMIT 20 OFFSET 0';
  const total = 'SELECT SUM(count) AS total FROM order_status_counts WHERE status IN (?)';
  for (const sql of [list, total]) {
    const [rows] = await db.query(`EXPLAIN ${sql}`, [[status]]);
    console.log(sql);
    console.table(rows);
  }
}

const [command, arg] = process.argv.slice(2);
const db = await createConnection(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_orders');
try {
  if (command === 'generate') await generate(db, Number(arg ?? '1000000'));
  else if (command === 'ids') await ids(db);
  else if (command === 'explain') await explain(db, arg ?? 'PENDING_PRODUCTION');
  else throw new Error('usage: orders-data.mts generate <count> | ids | explain <status>');
} finally {
  await db.end();
}
