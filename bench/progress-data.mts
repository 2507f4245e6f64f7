// Progress data for the `progress` bench scenario, straight into MariaDB/MySQL (the server must have migrated it).
//   npx tsx bench/progress-data.mts seed [posts]   adds one order in production (two lines, a purchase order of the
//                                                  first factory) with <posts> progress posts (default 20), each
//                                                  with three photos and their thumbnails; prints the order id
// DATABASE_URL names the database (mysql://root@127.0.0.1:3306/bench_orders).
import { createConnection, type Connection } from 'mysql2/promise';

const TYPES = ['design', 'material', 'production', 'quality', 'packaging', 'shipping', 'custom'];
const STATUSES = ['in_progress', 'completed', 'in_progress', 'on_hold', 'not_started'];

async function seed(db: Connection, posts: number): Promise<void> {
  const [[factory]] = (await db.query('SELECT id FROM factories ORDER BY id LIMIT 1')) as unknown as [[{ id: number }]];
  const [[customer]] = (await db.query(
    'SELECT id, customerName AS name FROM customers ORDER BY id LIMIT 1',
  )) as unknown as [[{ id: number; name: string }]];
  const [[reporter]] = (await db.query('SELECT id FROM users ORDER BY id LIMIT 1')) as unknown as [[{ id: number }]];
  const now = new Date();
  const stamp = now.getTime();
  const [order] = (await db.query(
    'INSERT INTO orders (orderNo, quoteId, customerId, customerName, status, settlementType, totalAmount, paidAmount, snapshotData, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      `BP${stamp}`,
      2_000_000_000 + (stamp % 1_000_000_000),
      customer.id,
      customer.name,
      'PENDING_PRODUCTION',
      'MONTHLY',
      '3000.00',
      '0.00',
      '{}',
      now,
      now,
    ],
  )) as unknown as [{ insertId: number }];
  const orderId = Number(order.insertId);
  await db.query(
    'INSERT INTO purchase_orders (poNo, orderId, factoryId, status, subtotal, shippingFee, total, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [`PO${stamp}`, orderId, factory.id, 'CONFIRMED', '3000.00', '0.00', '3000.00', now, now],
  );
  const rows = Array.from({ length: posts }, (_, i) => {
    const images = [0, 1, 2].map((k) => ({
      url: `/files/uploads/2026/11/${stamp.toString(16)}${String(i * 3 + k).padStart(8, '0')}abcdefabcdefabcdef.jpg`,
      thumbnailUrl: `/files/uploads/2026/11/${stamp.toString(16)}${String(i * 3 + k).padStart(8, '0')}abcdefabcdefabcdef_thumb.jpg`,
    }));
    const at = new Date(stamp - (posts - i) * 3_600_000);
    return [
      orderId,
      factory.id,
      TYPES[i % TYPES.length],
      STATUSES[i % STATUSES.length],
      `第 ${i + 1} 次进度：面料已到厂，裁剪与车缝进行中，预计按计划完成。`,
      at,
      i % 4 === 0 ? new Date(stamp + 86_400_000) : null,
      JSON.stringify(images),
      reporter.id,
      reporter.id,
      at,
      at,
    ];
  });
  await db.query(
    'INSERT INTO order_progress (orderId, factoryId, type, status, description, startTime, plannedTime, images, reportedBy, updatedBy, createdAt, updatedAt) VALUES ?',
    [rows],
  );
  console.log(JSON.stringify({ orderId }));
}

const [command, arg] = process.argv.slice(2);
const db = await createConnection(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_orders');
try {
  if (command === 'seed') await seed(db, Number(arg ?? '20'));
  else throw new Error('usage: progress-data.mts seed [posts]');
} finally {
  await db.end();
}
