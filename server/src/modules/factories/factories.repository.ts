import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { FactoryListQuery } from '@app/shared';
import type { Database } from '../../db/database';
import { containsAny } from '../../db/like';
import { FactoryModel } from '../../db/models';
import { scopeWhere } from '../../db/scope-where';
import type { DataScope } from '../access/principal';

export interface FactoryRecord {
  id: number;
  factoryCode: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type FactoryWrite = Partial<
  Pick<FactoryRecord, 'name' | 'contactName' | 'contactPhone' | 'address' | 'isActive'>
>;

function toRecord(r: FactoryModel): FactoryRecord {
  return {
    id: Number(r.id),
    factoryCode: r.factoryCode,
    name: r.name,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    address: r.address,
    isActive: Boolean(r.isActive),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** A factory user sees only its own factory: the row's id is the scope column. */
const SCOPE = { self: { factory: 'id' } };

export class FactoriesRepository {
  constructor(private readonly db: Database) {}

  async findById(id: number, scope: DataScope, t?: Transaction): Promise<FactoryRecord | null> {
    const row = await FactoryModel.findOne({ where: { [Op.and]: [{ id }, scopeWhere(scope, SCOPE)] }, transaction: t });
    return row ? toRecord(row) : null;
  }

  async list(q: FactoryListQuery, scope: DataScope): Promise<{ rows: FactoryRecord[]; total: number }> {
    const where: WhereOptions[] = [scopeWhere(scope, SCOPE)];
    if (q.isActive !== undefined) where.push({ isActive: q.isActive === 1 });
    if (q.keyword) {
      where.push(containsAny(FactoryModel, ['name', 'factoryCode'], q.keyword));
    }
    const { rows, count } = await FactoryModel.findAndCountAll({
      where: { [Op.and]: where },
      order: [['id', 'ASC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }

  /** Names by id, deleted factories included (a product may still name its former supplier). */
  async namesOf(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await FactoryModel.findAll({
      where: { id: [...new Set(ids)] },
      paranoid: false,
      attributes: ['id', 'name'],
    });
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  /** Every factory's id by its code and by its name (for imports, which name a factory either way). */
  async idsByCodeAndName(): Promise<Map<string, number>> {
    const rows = await FactoryModel.findAll({ attributes: ['id', 'factoryCode', 'name'] });
    const map = new Map<string, number>();
    for (const r of rows) {
      map.set(r.name, Number(r.id));
      map.set(r.factoryCode.toUpperCase(), Number(r.id));
    }
    return map;
  }

  async codeExists(factoryCode: string, t: Transaction): Promise<boolean> {
    return (await FactoryModel.count({ where: { factoryCode }, paranoid: false, transaction: t })) > 0;
  }

  async create(
    data: FactoryWrite & { factoryCode: string; name: string; createdBy: number | null },
    t: Transaction,
  ): Promise<number> {
    const row = await FactoryModel.create(
      {
        factoryCode: data.factoryCode,
        name: data.name,
        contactName: data.contactName ?? null,
        contactPhone: data.contactPhone ?? null,
        address: data.address ?? null,
        isActive: data.isActive ?? true,
        createdBy: data.createdBy,
        updatedBy: data.createdBy,
        deletedAt: null,
      },
      { transaction: t },
    );
    return Number(row.id);
  }

  async update(id: number, patch: FactoryWrite & { updatedBy: number | null }, t: Transaction): Promise<void> {
    await FactoryModel.update(patch, { where: { id }, transaction: t });
  }

  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
