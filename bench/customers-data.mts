// Customer data for the `customers` bench scenario, straight into MariaDB/MySQL (the server must have migrated it).
//   npx tsx bench/customers-data.mts generate <count>   tops the customers table up to <count> rows
//   npx tsx bench/customers-data.mts keywords          prints sample keywords (JSON) that each find one customer
//   npx tsx bench/customers-data.mts explain <keyword>  prints the EXPLAIN of the list queries for a keyword
// DATABASE_URL names the database (mysql://root@127.0.0.1:3306/bench_customers).
import { createConnection, type Connection } from 'mysql2/promise';
import {
  indexTerms,
  normalizeName,
  phoneDigits,
  planKeyword,
} from '../server/src/modules/customers/customer-search-terms.js';

const BRANDS = [
  '维也纳',
  '如家',
  '汉庭',
  '全季',
  '亚朵',
  '锦江之星',
  '七天',
  '格林豪泰',
  '桔子',
  '希尔顿',
  '万豪',
  '洲际',
  '喜来登',
  '丽枫',
  '麗枫',
  '城市便捷',
  '宜必思',
  '智选假日',
  '凯悦',
  '开元',
  '华住',
  '尚客优',
  '布丁',
  '骏怡',
  '速8',
  '莫泰',
  '维纳斯',
  '铂涛',
  '雅阁',
  '香格里拉',
];
const CITIES = [
  '深圳',
  '广州',
  '东莞',
  '佛山',
  '珠海',
  '惠州',
  '中山',
  '上海',
  '杭州',
  '南京',
  '苏州',
  '无锡',
  '宁波',
  '北京',
  '天津',
  '成都',
  '重庆',
  '武汉',
  '长沙',
  '西安',
  '郑州',
  '济南',
  '青岛',
  '厦门',
  '福州',
  '昆明',
  '大理',
  '三亚',
  '海口',
  '南宁',
  '贵阳',
  '合肥',
  '南昌',
  '太原',
  '石家庄',
  '沈阳',
  '大连',
  '长春',
  '哈尔滨',
  '兰州',
  '银川',
  '西宁',
  '乌鲁木齐',
  '拉萨',
  '呼和浩特',
  '温州',
  '泉州',
  '汕头',
  '湛江',
  '桂林',
];
const ROADS = [
  '科技园',
  '华强北',
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '新华路',
  '滨海大道',
  '世纪大道',
  '火车站',
  '机场',
  '高铁站',
  '会展中心',
  '万达广场',
  '大学城',
  '软件园',
  '湖滨',
  '江景',
  '古城',
];
const KINDS = ['酒店', '商务酒店', '精选酒店', '公寓', '民宿', '度假酒店'];
/** Distinctive words, as real hotel names have ("悦榕", "禧玥"): two characters drawn from this pool. */
const WORD_CHARS = Array.from(
  '悦榕禧玥璞瑜澜岚泊隐栖云舍宸熙瑞祥泰和雅颂锦绣韵珑琅璟珩玺翠澄湖汀渚洲屿岑峦岫嵘崇瀚涵沁泓漪淇湘漓涟潇潼澈灏烨煜熠燊璨耀曦晞暄昀昊晟旭晗暻朗月星辰宿汐潮岸帆舟航驿旅居宿苑庭院轩阁楼台亭榭坊巷里街市集园林森桐梧桦枫柏松竹兰菊梅荷莲芷蘅芸茗茶禅静安宁康乐福寿喜庆嘉佳美华',
);
const TYPES = ['chain_hotel', 'single_hotel', 'distributor', 'homestay', 'apartment'];
const STAGES = ['lead', 'initial_contact', 'prospect', 'negotiation', 'client', 'inactive'];
const SOURCES = ['social_media', 'exhibition', 'referral', 'website', 'cold_call'];

/** A deterministic pseudo-random sequence, so every run builds the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}
const pick = <T,>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

async function generate(db: Connection, target: number): Promise<void> {
  const [[{ n }]] = (await db.query('SELECT COUNT(*) AS n FROM customers')) as unknown as [[{ n: number }]];
  const [owners] = (await db.query(
    "SELECT id FROM users WHERE userType = 'staff' AND username IN ('sales', 'sales_manager')",
  )) as unknown as [{ id: number }[]];
  const year = new Date().getUTCFullYear();
  const r = rng(42 + Number(n));
  const started = Date.now();
  for (let done = Number(n); done < target;) {
    const batch = Math.min(1000, target - done);
    const customers: unknown[][] = [];
    const names: { name: string; phone: string }[] = [];
    for (let i = 0; i < batch; i += 1) {
      const seq = done + i + 1;
      const word = `${pick(r, WORD_CHARS)}${pick(r, WORD_CHARS)}`;
      const name = `${pick(r, BRANDS)}${word}${pick(r, CITIES)}${pick(r, ROADS)}${pick(r, KINDS)}`;
      const phone = `13${Math.floor(r() * 1e9)
        .toString()
        .padStart(9, '0')}`;
      const created = new Date(Date.UTC(year - 1, 0, 1) + Math.floor(r() * 360 * 86_400_000));
      names.push({ name, phone });
      customers.push([
        `BENCH-${seq}`,
        name,
        pick(r, TYPES),
        pick(r, ['A', 'B', 'C']),
        pick(r, STAGES),
        pick(r, ['广东省', '浙江省', '江苏省']),
        pick(r, CITIES),
        phone,
        Math.floor(r() * 400),
        pick(r, SOURCES),
        normalizeName(name),
        phoneDigits(phone),
        r() < 0.2 ? null : pick(r, owners).id,
        created,
        created,
        created,
      ]);
    }
    const [res] = (await db.query(
      'INSERT INTO customers (customerCode, customerName, customerType, customerLevel, customerStage, province, city, contactPhone, hotelRooms, source, nameKey, phoneKey, ownerId, stageUpdatedAt, createdAt, updatedAt) VALUES ?',
      [customers],
    )) as unknown as [{ insertId: number }];
    const terms: unknown[][] = [];
    names.forEach((c, i) => {
      for (const term of indexTerms([c.name], [c.phone])) terms.push([term, res.insertId + i]);
    });
    for (let i = 0; i < terms.length; i += 5000)
      await db.query('INSERT INTO customer_search_terms (term, customerId) VALUES ?', [terms.slice(i, i + 5000)]);
    done += batch;
    if (done % 10_000 === 0 || done === target)
      console.log(`  ${done} customers (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.query('ANALYZE TABLE customers, customer_search_terms');
}

async function explain(db: Connection, keyword: string): Promise<void> {
  const plan = planKeyword(keyword);
  console.log(`keyword "${keyword}": term sets ${JSON.stringify(plan.termSets)}`);
  for (const terms of plan.termSets) {
    const joins = terms
      .slice(1)
      .map(
        (_, i) => `JOIN customer_search_terms t${i + 1} ON t${i + 1}.customerId = t0.customerId AND t${i + 1}.term = ?`,
      )
      .join(' ');
    const sql = `SELECT t0.customerId AS id FROM customer_search_terms t0 ${joins} WHERE t0.term = ? LIMIT 5001`;
    const params = [...terms.slice(1), terms[0]];
    console.log(`\n-- candidates\n${sql}`);
    console.table(((await db.query(`EXPLAIN ${sql}`, params)) as unknown as [object[]])[0]);
    const [ids] = (await db.query(sql, params)) as unknown as [{ id: number }[]];
    console.log(`${ids.length} candidates`);
    const list = `SELECT * FROM customers WHERE deletedAt IS NULL AND id IN (${ids.map((r) => r.id).join(',') || 0}) AND (nameKey LIKE ? ESCAPE '!' OR phoneKey LIKE ? ESCAPE '!') ORDER BY id DESC LIMIT 0, 20`;
    console.log('\n-- page (candidate ids inlined)');
    console.table(
      (
        (await db.query(`EXPLAIN ${list}`, [
          `%${plan.normalized}%`,
          `%${plan.digits ?? plan.normalized}%`,
        ])) as unknown as [object[]]
      )[0],
    );
  }
}

/** Keywords as people type them to find one customer: its distinctive word with the city, or its phone. */
async function keywords(db: Connection): Promise<void> {
  const out: string[] = [];
  for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const [rows] = (await db.query(
      "SELECT customerName, contactPhone FROM customers WHERE customerCode LIKE 'BENCH-%' ORDER BY id LIMIT 1 OFFSET ?",
      [Math.floor(Number(process.env.BENCH_CUSTOMERS ?? 100_000) * fraction * 0.99)],
    )) as unknown as [{ customerName: string; contactPhone: string }[]];
    const { customerName, contactPhone } = rows[0];
    const brand = BRANDS.filter((b) => customerName.startsWith(b)).sort((a, b) => b.length - a.length)[0] ?? '';
    const rest = customerName.slice(brand.length);
    const city = CITIES.filter((c) => rest.slice(2).startsWith(c)).sort((a, b) => b.length - a.length)[0] ?? '';
    out.push(`${rest.slice(0, 2)}${city}`, contactPhone);
  }
  console.log(JSON.stringify(out));
}

const [command, arg] = process.argv.slice(2);
const db = await createConnection(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_customers');
try {
  if (command === 'generate') await generate(db, Number(arg ?? 100_000));
  else if (command === 'keywords') await keywords(db);
  else if (command === 'explain') await explain(db, arg ?? '维也纳深圳');
  else throw new Error('usage: customers-data.mts generate <count> | keywords | explain <keyword>');
} finally {
  await db.end();
}
