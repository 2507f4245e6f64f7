import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { CategoryListQuery } from '@app/shared';
import { ProductCategoryModel } from '../../db/models';

export interface CategoryRecord {
  id: number;
  categoryName: string;
  categoryCode: string;
  sortOrder: number;
  description: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function toRecord(m: ProductCategoryModel): CategoryRecord {
  return {
    id: Number(m.id),
    categoryName: m.categoryName,
    categoryCode: m.categoryCode,
    sortOrder: Number(m.sortOrder),
    description: m.description,
    isActive: Boolean(m.isActive),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

export class CategoriesRepository {
  async findById(id: number, t?: Transaction): Promise<CategoryRecord | null> {
    const row = await ProductCategoryModel.findByPk(id, { transaction: t });
    return row ? toRecord(row) : null;
  }

  async namesOf(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await ProductCategoryModel.findAll({ where: { id: [...new Set(ids)] }, paranoid: false });
    return new Map(rows.map((r) => [Number(r.id), r.categoryName]));
  }

  /** Every category's id and code (imports name categories by code; exports write it). */
  async codes(): Promise<{ id: number; code: string }[]> {
    const rows = await ProductCategoryModel.findAll({ attributes: ['id', 'categoryCode'] });
    return rows.map((r) => ({ id: Number(r.id), code: r.categoryCode }));
  }

  async codeExists(categoryCode: string, t: Transaction): Promise<boolean> {
    return (await ProductCategoryModel.count({ where: { categoryCode }, paranoid: false, transaction: t })) > 0;
  }

  async list(q: CategoryListQuery): Promise<{ rows: CategoryRecord[]; total: number }> {
    const where: WhereOptions = q.isActive === undefined ? {} : { isActive: q.isActive === 1 };
    const { rows, count } = await ProductCategoryModel.findAndCountAll({
      where,
      order: [
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }

  async create(
    data: Pick<CategoryRecord, 'categoryName' | 'categoryCode' | 'sortOrder' | 'description'> & { createdBy: number },
    t: Transaction,
  ): Promise<number> {
    const row = await ProductCategoryModel.create(
      { ...data, updatedBy: data.createdBy, deletedAt: null },
      { transaction: t },
    );
    return Number(row.id);
  }

  async update(
    id: number,
    patch: Partial<Pick<CategoryRecord, 'categoryName' | 'sortOrder' | 'description' | 'isActive'>> & {
      updatedBy: number;
    },
    t: Transaction,
  ): Promise<void> {
    await ProductCategoryModel.update(patch, { where: { id: { [Op.eq]: id } }, transaction: t });
  }
}
