import { z } from 'zod';
import { Flag01QuerySchema, Flag01Schema, PageQuerySchema } from '../envelope';
import { MoneyOutSchema, MoneySchema } from './money.schema';

export const PRODUCT_STATUSES = ['active', 'inactive', 'draft'] as const;
export const ProductStatusSchema = z.enum(PRODUCT_STATUSES);

export const CategorySchema = z.object({
  categoryId: z.number().int(),
  categoryName: z.string(),
  categoryCode: z.string(),
  sortOrder: z.number().int(),
  description: z.string().nullable(),
  isActive: Flag01Schema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Category = z.infer<typeof CategorySchema>;

export const CategoryCreateSchema = z.object({
  categoryName: z.string().trim().min(1, '请输入分类名称').max(64),
  categoryCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, '分类编码为 1-32 位字母、数字、_ -'),
  sortOrder: z.number().int().min(0).max(100000).default(0),
  description: z.string().trim().max(255).optional(),
});
export type CategoryCreate = z.infer<typeof CategoryCreateSchema>;

export const CategoryUpdateSchema = z
  .object({
    categoryName: z.string().trim().min(1).max(64).optional(),
    sortOrder: z.number().int().min(0).max(100000).optional(),
    description: z.string().trim().max(255).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type CategoryUpdate = z.infer<typeof CategoryUpdateSchema>;

export const CategoryStatusSchema = z.object({ isActive: Flag01Schema });

export const CategoryListQuerySchema = PageQuerySchema.extend({ isActive: Flag01QuerySchema.optional() });
export type CategoryListQuery = z.infer<typeof CategoryListQuerySchema>;

const imageUrl = z
  .string()
  .trim()
  .max(1024)
  .regex(/^(https?:\/\/|\/)\S+$/, '图片地址须为 http(s) 链接或站内路径');

export const ProductCreateSchema = z.object({
  productCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, '产品编码为 1-64 位字母、数字、_ . -'),
  productName: z.string().trim().min(1, '请输入产品名称').max(128),
  brand: z.string().trim().max(64).optional(),
  categoryId: z.number().int().positive(),
  /** The default supplying factory (DESIGN.md: 004's supplier is a factory). */
  supplierId: z.number().int().positive().optional(),
  costPrice: MoneySchema.optional(),
  salePrice: MoneySchema,
  unit: z.string().trim().min(1).max(16).default('件'),
  productImages: z.array(imageUrl).max(20).default([]),
  description: z.string().trim().max(2000).optional(),
  status: ProductStatusSchema.default('draft'),
});
export type ProductCreate = z.infer<typeof ProductCreateSchema>;

export const ProductUpdateSchema = ProductCreateSchema.omit({ productCode: true, status: true })
  .extend({
    brand: z.string().trim().max(64).nullable(),
    supplierId: z.number().int().positive().nullable(),
    costPrice: MoneySchema.nullable(),
    description: z.string().trim().max(2000).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type ProductUpdate = z.infer<typeof ProductUpdateSchema>;

export const ProductStatusChangeSchema = z.object({ status: ProductStatusSchema });

export const ProductListQuerySchema = PageQuerySchema.extend({
  categoryId: z.coerce.number().int().positive().optional(),
  brand: z.string().trim().max(64).optional(),
  status: ProductStatusSchema.optional(),
  keyword: z.string().trim().max(64).optional(),
});
export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;

export const ProductSchema = z.object({
  productId: z.number().int(),
  productCode: z.string(),
  productName: z.string(),
  brand: z.string().nullable(),
  categoryId: z.number().int(),
  categoryName: z.string().nullable(),
  supplierId: z.number().int().nullable(),
  supplier: z.string().nullable().describe('默认供货工厂名称'),
  /** Only for callers with `products.cost`; internal costs never leave by accident. */
  costPrice: MoneyOutSchema.nullable().optional(),
  salePrice: MoneyOutSchema,
  unit: z.string(),
  productImages: z.array(z.string()),
  description: z.string().nullable(),
  status: ProductStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof ProductSchema>;

export const ProductExportQuerySchema = ProductListQuerySchema.omit({ page: true, pageSize: true });
export type ProductExportQuery = z.infer<typeof ProductExportQuerySchema>;

/** 004 §2.10's import report: `row` is the spreadsheet's row number (the header is row 1). */
export const ImportReportSchema = z.object({
  totalRows: z.number().int(),
  successCount: z.number().int(),
  failCount: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), error: z.string() })),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;
