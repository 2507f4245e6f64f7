import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { ProductListQuery } from '@app/shared';
import { containsAny } from '../../db/like';
import { ProductCategoryModel, ProductModel } from '../../db/models';

export type ProductStatus = 'active' | 'inactive' | 'draft';

export interface ProductRecord {
  id: number;
  productCode: string;
  productName: string;
  brand: string | null;
  categoryId: number;
  supplierId: number | null;
  costPrice: string | number | null;
  salePrice: string | number;
  unit: string;
  productImages: string[];
  description: string | null;
  status: ProductStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type ProductWrite = Omit<ProductRecord, 'id' | 'createdAt' | 'updatedAt' | 'costPrice' | 'salePrice'> & {
  costPrice: string | null;
  salePrice: string;
};

function parseImages(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function toRecord(m: ProductModel): ProductRecord {
  return {
    id: Number(m.id),
    productCode: m.productCode,
    productName: m.productName,
    brand: m.brand,
    categoryId: Number(m.categoryId),
    supplierId: m.supplierId === null ? null : Number(m.supplierId),
    costPrice: m.costPrice,
    salePrice: m.salePrice,
    unit: m.unit,
    productImages: parseImages(m.productImages),
    description: m.description,
    status: m.status,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

export class ProductsRepository {
  async findById(id: number, t?: Transaction): Promise<ProductRecord | null> {
    const row = await ProductModel.findByPk(id, { transaction: t });
    return row ? toRecord(row) : null;
  }

  /** The category code of each product (deleted products and categories included: orders keep history). */
  async categoryCodes(productIds: readonly number[], t?: Transaction): Promise<Map<number, string>> {
    if (productIds.length === 0) return new Map();
    const products = await ProductModel.findAll({
      attributes: ['id', 'categoryId'],
      where: { id: [...productIds] },
      paranoid: false,
      transaction: t,
    });
    const categories = await ProductCategoryModel.findAll({
      attributes: ['id', 'categoryCode'],
      where: { id: [...new Set(products.map((p) => Number(p.categoryId)))] },
      paranoid: false,
      transaction: t,
    });
    const codes = new Map(categories.map((c) => [Number(c.id), c.categoryCode]));
    const out = new Map<number, string>();
    for (const p of products) {
      const code = codes.get(Number(p.categoryId));
      if (code) out.set(Number(p.id), code);
    }
    return out;
  }

  async codeExists(productCode: string, t: Transaction): Promise<boolean> {
    return (await ProductModel.count({ where: { productCode }, paranoid: false, transaction: t })) > 0;
  }

  private filters(q: Omit<ProductListQuery, 'page' | 'pageSize'>): WhereOptions[] {
    const where: WhereOptions[] = [];
    if (q.categoryId !== undefined) where.push({ categoryId: q.categoryId });
    if (q.brand) where.push({ brand: q.brand });
    if (q.status) where.push({ status: q.status });
    if (q.keyword) {
      where.push(containsAny(ProductModel, ['productName', 'productCode'], q.keyword));
    }
    return where;
  }

  async list(q: ProductListQuery): Promise<{ rows: ProductRecord[]; total: number }> {
    const { rows, count } = await ProductModel.findAndCountAll({
      where: { [Op.and]: this.filters(q) },
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }

  /** For export: the filtered products, oldest first, at most `limit`. */
  async listAll(q: Omit<ProductListQuery, 'page' | 'pageSize'>, limit: number): Promise<ProductRecord[]> {
    const rows = await ProductModel.findAll({
      where: { [Op.and]: this.filters(q) },
      order: [['id', 'ASC']],
      limit,
    });
    return rows.map(toRecord);
  }

  async create(data: ProductWrite & { createdBy: number }, t: Transaction): Promise<number> {
    const row = await ProductModel.create(
      { ...data, productImages: JSON.stringify(data.productImages), updatedBy: data.createdBy, deletedAt: null },
      { transaction: t },
    );
    return Number(row.id);
  }

  async update(id: number, patch: Partial<ProductWrite> & { updatedBy: number }, t: Transaction): Promise<void> {
    const { productImages, ...rest } = patch;
    await ProductModel.update(
      { ...rest, ...(productImages ? { productImages: JSON.stringify(productImages) } : {}) },
      { where: { id }, transaction: t },
    );
  }
}
