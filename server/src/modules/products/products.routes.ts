import {
  CategoryCreateSchema,
  CategoryListQuerySchema,
  CategorySchema,
  CategoryStatusSchema,
  CategoryUpdateSchema,
  IdParamSchema,
  ImportReportSchema,
  ProductCreateSchema,
  ProductExportQuerySchema,
  ProductListQuerySchema,
  ProductSchema,
  ProductStatusChangeSchema,
  ProductUpdateSchema,
  pageSchema,
} from '@app/shared';
import { readMultipartFile } from '../../http/multipart';
import { route, type RouteSpec } from '../../http/route';
import type { CategoriesService } from './categories.service';
import { XLSX_TYPE } from '../../platform/spreadsheet';
import type { ProductsExcelService } from './products-excel.service';
import type { ProductsService } from './products.service';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const TAG = '产品管理';

/** 004 §2. Category routes come first: `/api/products/categories` must not be read as a product id. */
export function productRoutes(
  categories: CategoriesService,
  products: ProductsService,
  excel: ProductsExcelService,
): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/products/categories',
      tag: TAG,
      summary: '创建产品分类 (004 §2.1)',
      permission: 'products.create',
      body: CategoryCreateSchema,
      response: CategorySchema,
      successMessage: '创建成功',
      audit: {
        module: 'products',
        action: 'create_category',
        targetType: 'product_category',
        target: (_p, r) => (r as { categoryId: number }).categoryId,
      },
      handler: ({ principal, body }) => categories.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/products/categories',
      tag: TAG,
      summary: '产品分类列表 (004 §2.2)，按 sortOrder 排序',
      permission: 'products.read',
      query: CategoryListQuerySchema,
      response: pageSchema(CategorySchema),
      successMessage: '查询成功',
      handler: ({ query }) => categories.list(query),
    }),
    route({
      method: 'put',
      path: '/api/products/categories/:id',
      tag: TAG,
      summary: '修改产品分类 (004 §2.3)',
      permission: 'products.update',
      params: IdParamSchema,
      body: CategoryUpdateSchema,
      response: CategorySchema,
      successMessage: '修改成功',
      audit: { module: 'products', action: 'update_category', targetType: 'product_category' },
      handler: ({ principal, params, body }) => categories.update(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/products/categories/:id/status',
      tag: TAG,
      summary: '启用/停用产品分类 (004 §2.4)',
      permission: 'products.update',
      params: IdParamSchema,
      body: CategoryStatusSchema,
      response: CategorySchema,
      successMessage: '修改成功',
      audit: { module: 'products', action: 'set_category_status', targetType: 'product_category' },
      handler: ({ principal, params, body }) =>
        categories.update(principal, params.id, { isActive: body.isActive === 1 }),
    }),
    route({
      method: 'post',
      path: '/api/products',
      tag: TAG,
      summary: '创建产品 SKU (004 §2.5)；supplierId 为默认供货工厂',
      permission: 'products.create',
      body: ProductCreateSchema,
      response: ProductSchema,
      successMessage: '创建成功',
      audit: {
        module: 'products',
        action: 'create',
        targetType: 'product',
        target: (_p, r) => (r as { productId: number }).productId,
      },
      handler: ({ principal, body }) => products.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/products',
      tag: TAG,
      summary: '产品列表 (004 §2.6)：分类、品牌、状态、关键词（名称/编码）',
      permission: 'products.read',
      query: ProductListQuerySchema,
      response: pageSchema(ProductSchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => products.list(principal, query),
    }),
    route({
      method: 'post',
      path: '/api/products/import',
      tag: TAG,
      summary: '批量导入产品 (004 §2.10)：.xlsx，逐行校验，失败行不写入任何数据',
      permission: 'products.import',
      upload: { field: 'file', description: 'Excel 文件（.xlsx，≤ 5 MB，≤ 5000 行；表头同导出）' },
      rateLimit: [{ points: 10, durationSec: 60, by: 'user' }],
      response: ImportReportSchema,
      successMessage: '导入完成',
      audit: { module: 'products', action: 'import', targetType: 'product', target: () => null },
      handler: async ({ principal, ctx }) =>
        excel.import(principal, (await readMultipartFile(ctx, 'file', MAX_IMPORT_BYTES)).data),
    }),
    route({
      method: 'get',
      path: '/api/products/export',
      tag: TAG,
      summary: '导出产品数据 (004 §2.11)：.xlsx，筛选条件同列表',
      permission: 'products.export',
      query: ProductExportQuerySchema,
      produces: XLSX_TYPE,
      handler: async ({ principal, query, ctx }) => {
        const file = await excel.export(principal, query);
        ctx.type = XLSX_TYPE;
        ctx.attachment(`products-${new Date().toISOString().slice(0, 10)}.xlsx`);
        ctx.body = file;
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/products/:id',
      tag: TAG,
      summary: '产品详情 (004 §2.7)；成本价仅对有 products.cost 权限者可见',
      permission: 'products.read',
      params: IdParamSchema,
      response: ProductSchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => products.get(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/products/:id',
      tag: TAG,
      summary: '修改产品 (004 §2.8)',
      permission: 'products.update',
      params: IdParamSchema,
      body: ProductUpdateSchema,
      response: ProductSchema,
      successMessage: '修改成功',
      audit: { module: 'products', action: 'update', targetType: 'product' },
      handler: ({ principal, params, body }) => products.update(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/products/:id/status',
      tag: TAG,
      summary: '上架/下架 (004 §2.9)：active / inactive / draft',
      permission: 'products.update',
      params: IdParamSchema,
      body: ProductStatusChangeSchema,
      response: ProductSchema,
      successMessage: '修改成功',
      audit: { module: 'products', action: 'set_status', targetType: 'product' },
      handler: ({ principal, params, body }) => products.setStatus(principal, params.id, body.status),
    }),
  ];
}
