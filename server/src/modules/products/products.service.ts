import type { Transaction } from 'sequelize';
import type { Page, Product, ProductCreate, ProductListQuery, ProductUpdate } from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Principal } from '../access/principal';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { CategoriesRepository } from './categories.repository';
import type { ProductRecord, ProductStatus, ProductsRepository } from './products.repository';
import { toProductDto } from './products.mapper';

const ALL = { kind: 'all' } as const;

/** 004 §2.5-2.9: product SKUs with a unique code, a category, a default supplying factory and prices. */
export class ProductsService {
  constructor(
    private readonly db: Database,
    private readonly products: ProductsRepository,
    private readonly categories: CategoriesRepository,
    private readonly factories: FactoriesRepository,
  ) {}

  async create(principal: Principal, input: ProductCreate): Promise<Product> {
    const id = await this.db.transaction(async (t) => {
      if (await this.products.codeExists(input.productCode, t)) throw new AppError('PRODUCT_CODE_TAKEN');
      await this.assertReferences(input.categoryId, input.supplierId ?? null, t);
      return this.products.create(
        {
          productCode: input.productCode,
          productName: input.productName,
          brand: input.brand ?? null,
          categoryId: input.categoryId,
          supplierId: input.supplierId ?? null,
          costPrice: input.costPrice ?? null,
          salePrice: input.salePrice,
          unit: input.unit,
          productImages: input.productImages,
          description: input.description ?? null,
          status: input.status,
          createdBy: principal.userId,
        },
        t,
      );
    });
    return this.get(principal, id);
  }

  async list(principal: Principal, query: ProductListQuery): Promise<Page<Product>> {
    const { rows, total } = await this.products.list(query);
    return toPage(await this.toDtos(principal, rows), total, query);
  }

  async get(principal: Principal, id: number): Promise<Product> {
    const row = await this.products.findById(id);
    if (!row) throw new AppError('PRODUCT_NOT_FOUND');
    return (await this.toDtos(principal, [row]))[0];
  }

  async update(principal: Principal, id: number, input: ProductUpdate): Promise<Product> {
    await this.db.transaction(async (t) => {
      const current = await this.products.findById(id, t);
      if (!current) throw new AppError('PRODUCT_NOT_FOUND');
      const categoryChanged = input.categoryId !== undefined && input.categoryId !== current.categoryId;
      const supplierChanged = input.supplierId !== undefined && input.supplierId !== current.supplierId;
      if (categoryChanged || supplierChanged) {
        await this.assertReferences(
          categoryChanged ? (input.categoryId ?? null) : null,
          supplierChanged ? (input.supplierId ?? null) : null,
          t,
        );
      }
      await this.products.update(id, { ...input, updatedBy: principal.userId }, t);
    });
    return this.get(principal, id);
  }

  /** 004 §2.9 上架/下架: to active, inactive or draft; activating needs an active category. */
  async setStatus(principal: Principal, id: number, status: ProductStatus): Promise<Product> {
    await this.db.transaction(async (t) => {
      const current = await this.products.findById(id, t);
      if (!current) throw new AppError('PRODUCT_NOT_FOUND');
      if (status === 'active') {
        const category = await this.categories.findById(current.categoryId, t);
        if (!category?.isActive) throw new AppError('CATEGORY_INACTIVE', '产品分类已停用，不能上架');
      }
      await this.products.update(id, { status, updatedBy: principal.userId }, t);
    });
    return this.get(principal, id);
  }

  /** A new category must exist and be active; a supplier must be an existing factory. */
  private async assertReferences(categoryId: number | null, supplierId: number | null, t: Transaction): Promise<void> {
    if (categoryId !== null) {
      const category = await this.categories.findById(categoryId, t);
      if (!category) throw new AppError('CATEGORY_INVALID', `产品分类不存在：${categoryId}`, { field: 'categoryId' });
      if (!category.isActive) throw new AppError('CATEGORY_INACTIVE', undefined, { field: 'categoryId' });
    }
    if (supplierId !== null && !(await this.factories.findById(supplierId, ALL, t))) {
      throw new AppError('SUPPLIER_NOT_FOUND', `供货工厂不存在：${supplierId}`, { field: 'supplierId' });
    }
  }

  /** Category and supplier names for a page of products: two queries, not two per product. */
  async toDtos(principal: Principal, rows: ProductRecord[]): Promise<Product[]> {
    const categoryNames = await this.categories.namesOf(rows.map((r) => r.categoryId));
    const supplierIds = rows.map((r) => r.supplierId).filter((id): id is number => id !== null);
    const supplierNames = await this.factories.namesOf(supplierIds);
    const showCost = principal.permissions.has('products.cost');
    return rows.map((r) =>
      toProductDto(
        r,
        {
          category: categoryNames.get(r.categoryId) ?? null,
          supplier: r.supplierId === null ? null : (supplierNames.get(r.supplierId) ?? null),
        },
        showCost,
      ),
    );
  }
}
