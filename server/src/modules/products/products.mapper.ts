import type { Category, Product } from '@app/shared';
import { formatMoney } from '../../platform/money';
import type { CategoryRecord } from './categories.repository';
import type { ProductRecord } from './products.repository';

export function toCategoryDto(r: CategoryRecord): Category {
  return {
    categoryId: r.id,
    categoryName: r.categoryName,
    categoryCode: r.categoryCode,
    sortOrder: r.sortOrder,
    description: r.description,
    isActive: r.isActive ? 1 : 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** `showCost`: only callers with `products.cost` see the cost price (Conventions rule 6). */
export function toProductDto(
  r: ProductRecord,
  names: { category: string | null; supplier: string | null },
  showCost: boolean,
): Product {
  const dto: Product = {
    productId: r.id,
    productCode: r.productCode,
    productName: r.productName,
    brand: r.brand,
    categoryId: r.categoryId,
    categoryName: names.category,
    supplierId: r.supplierId,
    supplier: names.supplier,
    salePrice: formatMoney(r.salePrice),
    unit: r.unit,
    productImages: r.productImages,
    description: r.description,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
  if (showCost) dto.costPrice = r.costPrice === null ? null : formatMoney(r.costPrice);
  return dto;
}
