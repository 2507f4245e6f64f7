import type { Database, RawRow, SqlParam } from '../../db/database';
import type { DataScope } from '../access/principal';

/** The UTC days a dashboard covers (both inclusive) and "today" for what is overdue. */
export interface DashboardWindow {
  startDate: string;
  endDate: string;
  today: string;
}

/** Raw figures of a range, money as the database sums it (DECIMAL strings on MariaDB, numbers on SQLite). */
export interface RangeFigures {
  channels: { source: string | null; count: number; converted: number }[];
  conversions: number;
  quotations: number;
  contracts: { count: number; amount: unknown };
  received: unknown;
  invoiced: unknown;
  activeCustomers: number;
}

/** What stands today, whatever the range: balances owed and the number of customers proper. */
export interface Balances {
  receivable: unknown;
  overdue: unknown;
  totalCustomers: number;
}

export type DashboardFigures = RangeFigures & Balances;

interface Sql {
  sql: string;
  params: SqlParam[];
}

const SIGNED = "('signed', 'executing', 'completed')";
const OWING = "('signed', 'executing')";
const CUSTOMER_STAGES = "('client', 'inactive')";
const DAY_MS = 86_400_000;

/**
 * Who sees what (the rules of each module's own lists): sales see the customers and quotations they own, the
 * contracts they own or of their customers, and the payments/invoices of those contracts or customers.
 */
function ownerOnly(scope: DataScope, column: string): Sql {
  if (scope.kind === 'all') return { sql: '1 = 1', params: [] };
  if (scope.kind === 'owner') return { sql: `${column} = ?`, params: [scope.userId] };
  return { sql: '1 = 0', params: [] };
}

function contractScope(scope: DataScope, c: string): Sql {
  if (scope.kind !== 'owner') return ownerOnly(scope, `${c}.ownerId`);
  return {
    sql: `(${c}.ownerId = ? OR ${c}.customerId IN (SELECT cs.id FROM customers cs WHERE cs.ownerId = ?))`,
    params: [scope.userId, scope.userId],
  };
}

function financeScope(scope: DataScope, x: string): Sql {
  if (scope.kind !== 'owner') return ownerOnly(scope, `${x}.customerId`);
  return {
    sql:
      `(${x}.customerId IN (SELECT cs.id FROM customers cs WHERE cs.ownerId = ?)` +
      ` OR ${x}.contractId IN (SELECT co.id FROM contracts co WHERE co.ownerId = ?))`,
    params: [scope.userId, scope.userId],
  };
}

const n = (rows: RawRow[], column = 'n'): number => Number(rows[0]?.[column] ?? 0);

/**
 * 004 §13.1's aggregates: ten small queries in two parallel groups (the range's figures, today's balances), each
 * reading one covering index range (migration 0015). Nothing here loads rows into the process.
 */
export class DashboardRepository {
  constructor(private readonly db: Database) {}

  /** The DATETIME text each dialect stores (SQLite keeps Sequelize's `+00:00` suffix). */
  private stamp(day: string, plusDays = 0): string {
    const text = new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * DAY_MS).toISOString().replace('T', ' ');
    return this.db.dialect === 'sqlite' ? text.replace('Z', ' +00:00') : text.replace('Z', '');
  }

  private run(sql: string, ...parts: (SqlParam | Sql)[]): Promise<RawRow[]> {
    const params: SqlParam[] = [];
    for (const p of parts) {
      if (p !== null && typeof p === 'object') params.push(...p.params);
      else params.push(p);
    }
    return this.db.select(sql, params);
  }

  async rangeFigures(scope: DataScope, w: DashboardWindow): Promise<RangeFigures> {
    const from = this.stamp(w.startDate);
    const to = this.stamp(w.endDate, 1);
    const mine = ownerOnly(scope, 'c.ownerId');
    const quotes = ownerOnly(scope, 'qu.ownerId');
    const [channels, conversions, quotations, contracts, received, invoiced, active] = await Promise.all([
      this.run(
        'SELECT c.source AS source, COUNT(*) AS n, COUNT(c.convertedAt) AS converted FROM customers c ' +
          `WHERE c.createdAt >= ? AND c.createdAt < ? AND c.deletedAt IS NULL AND ${mine.sql} GROUP BY c.source`,
        from,
        to,
        mine,
      ),
      this.run(
        'SELECT COUNT(*) AS n FROM customers c ' +
          `WHERE c.convertedAt >= ? AND c.convertedAt < ? AND c.deletedAt IS NULL AND ${mine.sql}`,
        from,
        to,
        mine,
      ),
      this.run(
        'SELECT COUNT(*) AS n FROM quotations qu WHERE qu.createdAt >= ? AND qu.createdAt < ? ' +
          `AND qu.deletedAt IS NULL AND qu.status <> 'superseded' AND ${quotes.sql}`,
        from,
        to,
        quotes,
      ),
      this.signed(scope, w),
      this.confirmed('payments', 'paymentAmount', 'paymentDate', scope, w),
      this.confirmed('invoices', 'invoiceAmount', 'invoiceDate', scope, w),
      this.active(scope, w, from, to),
    ]);
    return {
      channels: channels.map((r) => ({
        source: r.source === null || r.source === undefined ? null : String(r.source),
        count: Number(r.n),
        converted: Number(r.converted),
      })),
      conversions: n(conversions),
      quotations: n(quotations),
      contracts: { count: n(contracts), amount: contracts[0]?.amount ?? 0 },
      received: received[0]?.amount ?? 0,
      invoiced: invoiced[0]?.amount ?? 0,
      activeCustomers: n(active),
    };
  }

  /** Balances as they stand `today`: what signed/executing contracts still owe, what of it is overdue. */
  async balances(scope: DataScope, today: string): Promise<Balances> {
    const owner = contractScope(scope, 'c');
    const mine = ownerOnly(scope, 'c.ownerId');
    const [receivable, overdue, total] = await Promise.all([
      this.run(
        'SELECT COALESCE(SUM(CASE WHEN c.contractAmount > c.receivedAmount ' +
          'THEN c.contractAmount - c.receivedAmount ELSE 0 END), 0) AS amount FROM contracts c ' +
          `WHERE c.status IN ${OWING} AND c.deletedAt IS NULL AND ${owner.sql}`,
        owner,
      ),
      this.run(
        'SELECT COALESCE(SUM(CASE WHEN s.amount > s.paidAmount THEN s.amount - s.paidAmount ELSE 0 END), 0) AS amount ' +
          'FROM contract_payment_stages s JOIN contracts c ON c.id = s.contractId ' +
          `WHERE s.settled = 0 AND s.planDate < ? AND c.status IN ${OWING} AND c.deletedAt IS NULL AND ${owner.sql}`,
        today,
        owner,
      ),
      this.run(
        'SELECT COUNT(*) AS n FROM customers c ' +
          `WHERE c.customerStage IN ${CUSTOMER_STAGES} AND c.deletedAt IS NULL AND ${mine.sql}`,
        mine,
      ),
    ]);
    return {
      receivable: receivable[0]?.amount ?? 0,
      overdue: overdue[0]?.amount ?? 0,
      totalCustomers: n(total),
    };
  }

  /** Contracts signed in the range (signed and later, not terminated): how many, for how much. */
  private signed(scope: DataScope, w: DashboardWindow): Promise<RawRow[]> {
    const owner = contractScope(scope, 'c');
    return this.run(
      'SELECT COUNT(*) AS n, COALESCE(SUM(c.contractAmount), 0) AS amount FROM contracts c ' +
        `WHERE c.signedDate >= ? AND c.signedDate <= ? AND c.status IN ${SIGNED} AND c.deletedAt IS NULL AND ${owner.sql}`,
      w.startDate,
      w.endDate,
      owner,
    );
  }

  /** Confirmed payments or invoices dated in the range. */
  private confirmed(
    table: 'payments' | 'invoices',
    amount: string,
    day: string,
    scope: DataScope,
    w: DashboardWindow,
  ): Promise<RawRow[]> {
    const seen = financeScope(scope, 'x');
    return this.run(
      `SELECT COALESCE(SUM(x.${amount}), 0) AS amount FROM ${table} x ` +
        `WHERE x.status = 'confirmed' AND x.${day} >= ? AND x.${day} <= ? AND ${seen.sql}`,
      w.startDate,
      w.endDate,
      seen,
    );
  }

  /**
   * Customers proper with a follow-up, a quotation, a signed contract or a confirmed payment in the range: the
   * union of those customer ids (each branch one index range), joined to the customers by primary key.
   */
  private active(scope: DataScope, w: DashboardWindow, from: string, to: string): Promise<RawRow[]> {
    const mine = ownerOnly(scope, 'c.ownerId');
    return this.run(
      'SELECT COUNT(*) AS n FROM (' +
        'SELECT f.customerId FROM customer_follow_ups f WHERE f.createdAt >= ? AND f.createdAt < ? AND f.deletedAt IS NULL ' +
        'UNION SELECT qu.customerId FROM quotations qu WHERE qu.createdAt >= ? AND qu.createdAt < ? ' +
        "AND qu.deletedAt IS NULL AND qu.status <> 'superseded' " +
        'UNION SELECT co.customerId FROM contracts co WHERE co.signedDate >= ? AND co.signedDate <= ? ' +
        `AND co.status IN ${SIGNED} AND co.deletedAt IS NULL ` +
        "UNION SELECT p.customerId FROM payments p WHERE p.status = 'confirmed' AND p.paymentDate >= ? AND p.paymentDate <= ?" +
        ') a JOIN customers c ON c.id = a.customerId ' +
        `WHERE c.customerStage IN ${CUSTOMER_STAGES} AND c.deletedAt IS NULL AND ${mine.sql}`,
      from,
      to,
      from,
      to,
      w.startDate,
      w.endDate,
      w.startDate,
      w.endDate,
      mine,
    );
  }
}
