import { Op, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { CustomerFilter } from '@app/shared';
import type { Database } from '../../db/database';
import { CustomerContactModel, CustomerModel, CustomerSearchTermModel } from '../../db/models';
import { scopeWhere } from '../../db/scope-where';
import type { DataScope } from '../access/principal';
import { planKeyword } from './customer-search-terms';

/** The customer fields that WeChat binding, invite codes and quotations need. */
export interface CustomerRef {
  id: number;
  customerCode: string;
  customerName: string;
  ownerId: number | null;
}

export interface CustomerRecord extends CustomerRef {
  customerType: string | null;
  customerLevel: string | null;
  customerStage: string;
  industry: string | null;
  province: string | null;
  city: string | null;
  address: string | null;
  contactPhone: string | null;
  hotelRooms: number | null;
  hotelStar: string | null;
  source: string | null;
  description: string | null;
  settlementType: string;
  stageUpdatedAt: Date | null;
  convertedAt: Date | null;
  poolEnteredAt: Date | null;
  lostReasonCode: string | null;
  lostReason: string | null;
  lastFollowUpAt: Date | null;
  nextFollowUpAt: Date | null;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

type Fields = Omit<CustomerRecord, 'id' | 'createdAt' | 'updatedAt'>;
export type CustomerWrite = Partial<Fields> & { nameKey?: string | null; phoneKey?: string | null };

/**
 * Who sees which customers (DESIGN.md): `visible` adds the public pool (owner null) for sales, who may read and
 * claim pool leads; `owned` is what a salesperson may change and what the customer list shows them.
 */
export type Reach = 'visible' | 'owned';

const num = (v: number | null) => (v === null ? null : Number(v));

function toRecord(m: CustomerModel): CustomerRecord {
  const { nameKey: _n, phoneKey: _p, deletedAt: _d, ...rest } = m.get({ plain: true });
  return {
    ...rest,
    id: Number(m.id),
    ownerId: num(m.ownerId),
    createdBy: num(m.createdBy),
    updatedBy: num(m.updatedBy),
  };
}

/** `LIKE` with `!` as the escape character (the same on MySQL and SQLite), so `%` and `_` in a keyword are literal. */
function likeSql(db: Database, column: string, fragment: string): string {
  const pattern = `%${fragment.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return `${column} LIKE ${db.sequelize.escape(pattern)} ESCAPE '!'`;
}

/** A keyword's candidates come from the term index; beyond this many the keyword is too common to narrow by. */
const CANDIDATE_CAP = 5000;

export class CustomersRepository {
  constructor(private readonly db: Database) {}

  reachWhere(scope: DataScope, reach: Reach): WhereOptions {
    if (scope.kind === 'owner' && reach === 'visible')
      return { [Op.or]: [{ ownerId: scope.userId }, { ownerId: null }] };
    return scopeWhere(scope, { owner: 'ownerId', self: { company: 'id' } });
  }

  /** A customer the scope may see (sales: their own; a bound WeChat user: its company), else null. */
  async findRef(id: number, scope: DataScope = { kind: 'all' }, t?: Transaction): Promise<CustomerRef | null> {
    const where = { [Op.and]: [{ id }, scopeWhere(scope, { owner: 'ownerId', self: { company: 'id' } })] };
    const row = await CustomerModel.findOne({ where, transaction: t, raw: true });
    return row
      ? {
          id: Number(row.id),
          customerCode: row.customerCode,
          customerName: row.customerName,
          ownerId: num(row.ownerId),
        }
      : null;
  }

  /** A contact of that customer (quotations name one), else null. */
  async findContact(
    customerId: number,
    contactId: number,
    t?: Transaction,
  ): Promise<{ id: number; customerId: number; contactName: string; mobile: string | null } | null> {
    const row = await CustomerContactModel.findOne({ where: { id: contactId, customerId }, transaction: t, raw: true });
    return row
      ? { id: Number(row.id), customerId: Number(row.customerId), contactName: row.contactName, mobile: row.mobile }
      : null;
  }

  /** With `lock`, the row stays locked until the transaction ends (MySQL; SQLite writers take turns anyway). */
  async find(
    id: number,
    scope: DataScope,
    reach: Reach,
    t?: Transaction,
    lock = false,
  ): Promise<CustomerRecord | null> {
    const row = await CustomerModel.findOne({
      where: { [Op.and]: [{ id }, this.reachWhere(scope, reach)] },
      transaction: t,
      ...(lock && t ? { lock: t.LOCK.UPDATE } : {}),
    });
    return row ? toRecord(row) : null;
  }

  /** Customers with the same name key or phone key (duplicate detection), at most 5. */
  async findDuplicates(
    keys: { nameKey: string | null; phoneKey: string | null },
    t?: Transaction,
  ): Promise<(CustomerRecord & { matchedOn: ('name' | 'phone')[] })[]> {
    const or: WhereOptions[] = [];
    if (keys.nameKey) or.push({ nameKey: keys.nameKey });
    if (keys.phoneKey) or.push({ phoneKey: keys.phoneKey });
    if (or.length === 0) return [];
    const rows = await CustomerModel.findAll({
      where: { [Op.or]: or },
      limit: 5,
      order: [['id', 'ASC']],
      transaction: t,
    });
    return rows.map((m) => ({
      ...toRecord(m),
      matchedOn: [
        ...(keys.nameKey && m.nameKey === keys.nameKey ? (['name'] as const) : []),
        ...(keys.phoneKey && m.phoneKey === keys.phoneKey ? (['phone'] as const) : []),
      ],
    }));
  }

  async create(data: CustomerWrite & { customerCode: string; customerName: string }, t: Transaction): Promise<number> {
    const row = await CustomerModel.create(
      {
        contactPhone: null,
        ownerId: null,
        ...data,
        updatedBy: data.createdBy ?? null,
        deletedAt: null,
      } as CustomerModel,
      { transaction: t },
    );
    return Number(row.id);
  }

  async update(id: number, patch: CustomerWrite, t: Transaction, where: WhereOptions = {}): Promise<boolean> {
    const [count] = await CustomerModel.update(patch, { where: { [Op.and]: [{ id }, where] }, transaction: t });
    return count === 1;
  }

  async softDelete(id: number, by: number, t: Transaction): Promise<void> {
    await CustomerModel.update({ updatedBy: by }, { where: { id }, transaction: t });
    await CustomerModel.destroy({ where: { id }, transaction: t });
    await CustomerSearchTermModel.destroy({ where: { customerId: id }, transaction: t });
  }

  async replaceTerms(customerId: number, terms: string[], t: Transaction): Promise<void> {
    await CustomerSearchTermModel.destroy({ where: { customerId }, transaction: t });
    if (terms.length > 0)
      await CustomerSearchTermModel.bulkCreate(
        terms.map((term) => ({ term, customerId })),
        { transaction: t },
      );
  }

  /** Ids holding every term of a set, or null when more than the cap do (the keyword is too common to narrow by). */
  private async candidates(terms: string[]): Promise<number[] | null> {
    const joins = terms
      .slice(1)
      .map(
        (_, i) => `JOIN customer_search_terms t${i + 1} ON t${i + 1}.customerId = t0.customerId AND t${i + 1}.term = ?`,
      )
      .join(' ');
    const [rows] = await this.db.sequelize.query(
      `SELECT t0.customerId AS id FROM customer_search_terms t0 ${joins} WHERE t0.term = ? LIMIT ${CANDIDATE_CAP + 1}`,
      { replacements: [...terms.slice(1), terms[0]] },
    );
    const ids = (rows as { id: number | string }[]).map((r) => Number(r.id));
    return ids.length > CANDIDATE_CAP ? null : ids;
  }

  /** 004 §3.1 / §5.1 keyword: customer name, phone, contact name or mobile. */
  private async keywordWhere(keyword: string): Promise<WhereOptions> {
    const plan = planKeyword(keyword);
    const exact = [likeSql(this.db, 'nameKey', plan.normalized)];
    if (plan.digits) exact.push(likeSql(this.db, 'phoneKey', plan.digits));
    const contactLike = [
      likeSql(this.db, 'cc.contactName', keyword.trim()),
      likeSql(this.db, 'cc.mobile', keyword.trim()),
    ];
    // Correlated, so it costs one indexed probe per candidate row (not a scan of every contact).
    const alias = this.db.sequelize.getQueryInterface().quoteIdentifier(CustomerModel.name);
    exact.push(
      `EXISTS (SELECT 1 FROM customer_contacts cc WHERE cc.customerId = ${alias}.id AND cc.deletedAt IS NULL AND (${contactLike.join(' OR ')}))`,
    );
    const conditions: WhereOptions[] = [literal(`(${exact.join(' OR ')})`)];
    if (plan.termSets.length > 0) {
      const sets = await Promise.all(plan.termSets.map((terms) => this.candidates(terms)));
      if (sets.every((ids) => ids !== null)) {
        const ids = [...new Set(sets.flat() as number[])];
        conditions.unshift({ id: { [Op.in]: ids.length ? ids : [0] } });
      }
    }
    return { [Op.and]: conditions };
  }

  async filterWhere(f: CustomerFilter): Promise<WhereOptions[]> {
    const where: WhereOptions[] = [];
    if (f.stages) where.push({ customerStage: { [Op.in]: [...f.stages] } });
    for (const key of ['customerStage', 'customerType', 'customerLevel', 'source', 'province', 'city'] as const) {
      const value = f[key];
      if (value) where.push({ [key]: value });
    }
    if (f.ownerId !== undefined) where.push({ ownerId: f.ownerId === 0 ? null : f.ownerId });
    if (f.startDate) where.push({ createdAt: { [Op.gte]: new Date(`${f.startDate}T00:00:00.000Z`) } });
    if (f.endDate)
      where.push({ createdAt: { [Op.lt]: new Date(Date.parse(`${f.endDate}T00:00:00.000Z`) + 86_400_000) } });
    if (f.keyword) where.push(await this.keywordWhere(f.keyword));
    return where;
  }

  /** A page, newest first. A short page tells the total by itself, so only a full page costs a COUNT. */
  async list(
    where: WhereOptions[],
    page: number,
    pageSize: number,
  ): Promise<{ rows: CustomerRecord[]; total: number }> {
    const offset = (page - 1) * pageSize;
    const found = await CustomerModel.findAll({
      where: { [Op.and]: where },
      order: [['id', 'DESC']],
      limit: pageSize,
      offset,
    });
    const rows = found.map(toRecord);
    const short = rows.length < pageSize && (rows.length > 0 || page === 1);
    const total = short ? offset + rows.length : await CustomerModel.count({ where: { [Op.and]: where } });
    return { rows, total };
  }

  /** For export: oldest first, at most `limit`. */
  async listAll(where: WhereOptions[], limit: number): Promise<CustomerRecord[]> {
    const rows = await CustomerModel.findAll({ where: { [Op.and]: where }, order: [['id', 'ASC']], limit });
    return rows.map(toRecord);
  }

  /** Counts by one column over the rows matching `where` (statistics). */
  async countBy(column: 'customerStage' | 'source', where: WhereOptions[]): Promise<Map<string | null, number>> {
    const rows = (await CustomerModel.findAll({
      attributes: [column, [literal('COUNT(*)'), 'n']],
      where: { [Op.and]: where },
      group: [column],
      raw: true,
    })) as unknown as Record<string, string | number | null>[];
    return new Map(rows.map((r) => [r[column] === null ? null : String(r[column]), Number(r.n)]));
  }

  count(where: WhereOptions[]): Promise<number> {
    return CustomerModel.count({ where: { [Op.and]: where } });
  }
}
