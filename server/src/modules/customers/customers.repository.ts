import { Op, literal, type Transaction, type WhereOptions } from 'sequelize';
import { LEAD_STAGES, type CustomerFilter } from '@app/shared';
import type { Database } from '../../db/database';
import { CustomerContactModel, CustomerModel, CustomerSearchTermModel } from '../../db/models';
import { containsSql } from '../../db/like';
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

/** A keyword's candidates come from the term index; beyond this many the keyword is too common to narrow by. */
const CANDIDATE_CAP = 5000;

export class CustomersRepository {
  constructor(private readonly db: Database) {}

  private reachWhere(scope: DataScope, reach: Reach): WhereOptions {
    if (scope.kind === 'owner' && reach === 'visible')
      return { [Op.or]: [{ ownerId: scope.userId }, { ownerId: null }] };
    return scopeWhere(scope, { owner: 'ownerId', self: { company: 'id' } });
  }

  /** A customer the scope may see (sales: their own; a bound WeChat user: its company), else null. */
  findRef(id: number, scope: DataScope = { kind: 'all' }, t?: Transaction): Promise<CustomerRef | null> {
    return this.ref({ [Op.and]: [{ id }, scopeWhere(scope, { owner: 'ownerId', self: { company: 'id' } })] }, t);
  }

  /** The customer with this code (003's companyId), else null. */
  findRefByCode(customerCode: string): Promise<CustomerRef | null> {
    return this.ref({ customerCode });
  }

  private async ref(where: WhereOptions, t?: Transaction): Promise<CustomerRef | null> {
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
    const exact = [containsSql(this.db.sequelize, 'nameKey', plan.normalized)];
    if (plan.digits) exact.push(containsSql(this.db.sequelize, 'phoneKey', plan.digits));
    const contactLike = [
      containsSql(this.db.sequelize, 'cc.contactName', keyword.trim()),
      containsSql(this.db.sequelize, 'cc.mobile', keyword.trim()),
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

  private async filterWhere(f: CustomerFilter): Promise<WhereOptions[]> {
    const where: WhereOptions[] = [];
    if (f.stages) where.push({ customerStage: { [Op.in]: [...f.stages] } });
    for (const key of ['customerStage', 'customerType', 'customerLevel', 'source', 'province', 'city'] as const) {
      const value = f[key];
      if (value) where.push({ [key]: value });
    }
    if (f.ownerId !== undefined) where.push({ ownerId: f.ownerId === 0 ? null : f.ownerId });
    where.push(...createdWithin(f.startDate ? dayStart(f.startDate) : null, f.endDate ? dayAfter(f.endDate) : null));
    if (f.keyword) where.push(await this.keywordWhere(f.keyword));
    return where;
  }

  /** The caller's reach and the list filters, as one condition (list, export). */
  private async conditions(scope: DataScope, reach: Reach, filter: CustomerFilter): Promise<WhereOptions> {
    return { [Op.and]: [this.reachWhere(scope, reach), ...(await this.filterWhere(filter))] };
  }

  /** A page, newest first. A short page tells the total by itself, so only a full page costs a COUNT. */
  async list(
    scope: DataScope,
    reach: Reach,
    filter: CustomerFilter,
    paging: { page: number; pageSize: number },
  ): Promise<{ rows: CustomerRecord[]; total: number }> {
    const where = await this.conditions(scope, reach, filter);
    const offset = (paging.page - 1) * paging.pageSize;
    const found = await CustomerModel.findAll({ where, order: [['id', 'DESC']], limit: paging.pageSize, offset });
    const rows = found.map(toRecord);
    const short = rows.length < paging.pageSize && (rows.length > 0 || paging.page === 1);
    const total = short ? offset + rows.length : await CustomerModel.count({ where });
    return { rows, total };
  }

  /** For export: oldest first, at most `limit`. */
  async listAll(scope: DataScope, reach: Reach, filter: CustomerFilter, limit: number): Promise<CustomerRecord[]> {
    const where = await this.conditions(scope, reach, filter);
    const rows = await CustomerModel.findAll({ where, order: [['id', 'ASC']], limit });
    return rows.map(toRecord);
  }

  /**
   * 004 §5.10's figures over a cohort (the customers created in [from, to) that the scope owns, optionally of one
   * owner): its size, how many converted, and its records still in a lead stage by stage and by source.
   */
  async cohortStats(
    scope: DataScope,
    window: { from: Date | null; to: Date | null },
    ownerId?: number,
  ): Promise<{
    byStage: Map<string, number>;
    bySource: Map<string | null, number>;
    created: number;
    converted: number;
  }> {
    const cohort: WhereOptions[] = [
      this.reachWhere(scope, 'owned'),
      ...createdWithin(window.from, window.to),
      ...(ownerId ? [{ ownerId }] : []),
    ];
    const leads = [...cohort, { customerStage: { [Op.in]: [...LEAD_STAGES] } }];
    const [byStage, bySource, created, converted] = await Promise.all([
      this.countBy('customerStage', leads),
      this.countBy('source', leads),
      CustomerModel.count({ where: { [Op.and]: cohort } }),
      CustomerModel.count({ where: { [Op.and]: [...cohort, { convertedAt: { [Op.ne]: null } }] } }),
    ]);
    return { byStage: byStage as Map<string, number>, bySource, created, converted };
  }

  private async countBy(
    column: 'customerStage' | 'source',
    where: WhereOptions[],
  ): Promise<Map<string | null, number>> {
    const rows = (await CustomerModel.findAll({
      attributes: [column, [literal('COUNT(*)'), 'n']],
      where: { [Op.and]: where },
      group: [column],
      raw: true,
    })) as unknown as Record<string, string | number | null>[];
    return new Map(rows.map((r) => [r[column] === null ? null : String(r[column]), Number(r.n)]));
  }
}

const DAY_MS = 86_400_000;
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
export const dayAfter = (day: string): Date => new Date(dayStart(day).getTime() + DAY_MS);

/** `createdAt` in [from, to), either end open. */
export function createdWithin(from: Date | null, to: Date | null): WhereOptions[] {
  return [...(from ? [{ createdAt: { [Op.gte]: from } }] : []), ...(to ? [{ createdAt: { [Op.lt]: to } }] : [])];
}
