import type { Category, CategoryCreate, CategoryListQuery, CategoryUpdate, Page } from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Principal } from '../access/principal';
import type { CategoriesRepository } from './categories.repository';
import { toCategoryDto } from './products.mapper';

/** 004 §2.1-2.4: product categories with sort order and an active flag. */
export class CategoriesService {
  constructor(
    private readonly db: Database,
    private readonly repo: CategoriesRepository,
  ) {}

  async create(principal: Principal, input: CategoryCreate): Promise<Category> {
    const id = await this.db.transaction(async (t) => {
      if (await this.repo.codeExists(input.categoryCode, t)) throw new AppError('CATEGORY_CODE_TAKEN');
      return this.repo.create({ ...input, description: input.description ?? null, createdBy: principal.userId }, t);
    });
    return this.get(id);
  }

  async list(query: CategoryListQuery): Promise<Page<Category>> {
    const { rows, total } = await this.repo.list(query);
    return toPage(rows.map(toCategoryDto), total, query);
  }

  async get(id: number): Promise<Category> {
    const row = await this.repo.findById(id);
    if (!row) throw new AppError('CATEGORY_NOT_FOUND');
    return toCategoryDto(row);
  }

  async update(principal: Principal, id: number, patch: CategoryUpdate & { isActive?: boolean }): Promise<Category> {
    await this.db.transaction(async (t) => {
      if (!(await this.repo.findById(id, t))) throw new AppError('CATEGORY_NOT_FOUND');
      await this.repo.update(id, { ...patch, updatedBy: principal.userId }, t);
    });
    return this.get(id);
  }
}
