import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const audited = (qi: QueryInterface) => ({
  createdBy: refColumn(qi),
  updatedBy: refColumn(qi),
  ...timestamps(),
  deletedAt: time(true),
});

/** 004 §2: product categories and SKUs. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable(
    'product_categories',
    {
      id: idColumn(qi),
      categoryName: str(64, false),
      categoryCode: str(32, false),
      sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      description: str(255),
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('product_categories', ['categoryCode'], { unique: true, name: 'uq_product_categories_code' });
  await qi.addIndex('product_categories', ['isActive', 'sortOrder'], { name: 'ix_product_categories_active' });

  await qi.createTable(
    'products',
    {
      id: idColumn(qi),
      productCode: str(64, false),
      productName: str(128, false),
      brand: str(64),
      categoryId: refColumn(qi, false),
      supplierId: refColumn(qi),
      costPrice: { type: DataTypes.DECIMAL(12, 2), allowNull: true },
      salePrice: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
      unit: str(16, false),
      productImages: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true },
      status: str(16, false),
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('products', ['productCode'], { unique: true, name: 'uq_products_code' });
  await qi.addIndex('products', ['categoryId', 'status'], { name: 'ix_products_category' });
  await qi.addIndex('products', ['brand'], { name: 'ix_products_brand' });
  await qi.addIndex('products', ['status', 'id'], { name: 'ix_products_status' });
  await qi.addIndex('products', ['productName'], { name: 'ix_products_name' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('products');
  await qi.dropTable('product_categories');
}
