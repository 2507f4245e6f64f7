import { ProductCreateSchema, type ImportReport, type ProductExportQuery } from '@app/shared';
import { AppError } from '../../http/app-error';
import { headerKeys, readFirstSheet, rowValues, writeSheet, type SheetColumn } from '../../platform/spreadsheet';
import type { Principal } from '../access/principal';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { CategoriesRepository } from './categories.repository';
import type { ProductsRepository } from './products.repository';
import type { ProductsService } from './products.service';

/** One sheet layout for import and export, so an export can be edited and imported back. */
const COLUMNS = [
  { key: 'productCode', header: '产品编码', width: 16 },
  { key: 'productName', header: '产品名称', width: 28 },
  { key: 'brand', header: '品牌', width: 12 },
  { key: 'categoryCode', header: '分类编码', width: 16 },
  { key: 'categoryName', header: '分类名称', width: 16 },
  { key: 'supplier', header: '供货工厂', width: 22 },
  { key: 'costPrice', header: '成本价', width: 12 },
  { key: 'salePrice', header: '销售价', width: 12 },
  { key: 'unit', header: '单位', width: 8 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'description', header: '描述', width: 40 },
  { key: 'productImages', header: '图片', width: 40 },
] as const satisfies readonly SheetColumn<string>[];
type ColumnKey = (typeof COLUMNS)[number]['key'];

const STATUS_IN: Record<string, string> = { 在售: 'active', 停售: 'inactive', 草稿: 'draft' };
const STATUS_OUT: Record<string, string> = { active: '在售', inactive: '停售', draft: '草稿' };
export const MAX_IMPORT_ROWS = 5000;
export const MAX_EXPORT_ROWS = 50_000;

/** 004 §2.10-2.11: import from .xlsx with a per-row report (each row all or nothing), export with filters. */
export class ProductsExcelService {
  constructor(
    private readonly products: ProductsService,
    private readonly productsRepo: ProductsRepository,
    private readonly categories: CategoriesRepository,
    private readonly factories: FactoriesRepository,
  ) {}

  async import(principal: Principal, file: Buffer): Promise<ImportReport> {
    const sheet = await readFirstSheet(file);
    const keys = headerKeys(sheet, COLUMNS);
    const missing = ['productCode', 'productName', 'categoryCode', 'salePrice'].filter(
      (k) => ![...keys.values()].includes(k as ColumnKey),
    );
    if (missing.length) {
      const names = missing.map((k) => COLUMNS.find((c) => c.key === k)?.header).join('、');
      throw new AppError('VALIDATION_ERROR', `表头缺少列：${names}`, [{ field: 'file', message: `缺少列 ${names}` }]);
    }
    const [categories, factoryIds] = await Promise.all([this.categories.codes(), this.factories.idsByCodeAndName()]);
    const categoryIds = new Map(categories.map((c) => [c.code.toUpperCase(), c.id]));
    const report: ImportReport = { totalRows: 0, successCount: 0, failCount: 0, errors: [] };
    for (let r = 2; r <= sheet.rowCount; r += 1) {
      const values = rowValues(sheet.getRow(r), COLUMNS, keys);
      if (Object.values(values).every((v) => v === '')) continue;
      report.totalRows += 1;
      if (report.totalRows > MAX_IMPORT_ROWS)
        throw new AppError('VALIDATION_ERROR', `一次最多导入 ${MAX_IMPORT_ROWS} 行`);
      const error = await this.importRow(principal, values, categoryIds, factoryIds);
      if (error) {
        report.failCount += 1;
        report.errors.push({ row: r, error });
      } else report.successCount += 1;
    }
    return report;
  }

  async export(principal: Principal, query: ProductExportQuery): Promise<Buffer> {
    const rows = await this.productsRepo.listAll(query, MAX_EXPORT_ROWS);
    const page = await this.products.toDtos(principal, rows);
    const showCost = principal.permissions.has('products.cost');
    const codeById = new Map((await this.categories.codes()).map((c) => [c.id, c.code]));
    return writeSheet(
      '产品',
      COLUMNS.filter((c) => showCost || c.key !== 'costPrice'),
      page.map((p) => ({
        ...p,
        categoryCode: codeById.get(p.categoryId) ?? '',
        supplier: p.supplier ?? '',
        costPrice: p.costPrice ?? '',
        status: STATUS_OUT[p.status],
        productImages: p.productImages.join('\n'),
      })),
    );
  }

  /** One row, in its own transaction (through the service): the reason it failed, or null. */
  private async importRow(
    principal: Principal,
    v: Record<ColumnKey, string>,
    categoryIds: Map<string, number>,
    factoryIds: Map<string, number>,
  ): Promise<string | null> {
    const categoryId = categoryIds.get(v.categoryCode.toUpperCase());
    if (!categoryId) return `分类编码不存在：${v.categoryCode || '（空）'}`;
    const supplierId = v.supplier
      ? (factoryIds.get(v.supplier) ?? factoryIds.get(v.supplier.toUpperCase()))
      : undefined;
    if (v.supplier && !supplierId) return `供货工厂不存在：${v.supplier}`;
    const parsed = ProductCreateSchema.safeParse({
      productCode: v.productCode,
      productName: v.productName,
      brand: v.brand || undefined,
      categoryId,
      supplierId,
      costPrice: v.costPrice || undefined,
      salePrice: v.salePrice,
      unit: v.unit || undefined,
      productImages: v.productImages
        ? v.productImages
            .split(/[\n,，]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
      description: v.description || undefined,
      status: v.status ? (STATUS_IN[v.status] ?? v.status) : undefined,
    });
    if (!parsed.success) {
      return parsed.error.issues
        .map((i) => `${COLUMNS.find((c) => c.key === i.path[0])?.header ?? String(i.path[0])}：${i.message}`)
        .join('；');
    }
    try {
      await this.products.create(principal, parsed.data);
      return null;
    } catch (err) {
      if (err instanceof AppError) return err.message;
      throw err;
    }
  }
}
