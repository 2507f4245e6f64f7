import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { auditedColumns, col } from './columns';

export class ProductCategoryModel extends Model<
  InferAttributes<ProductCategoryModel>,
  InferCreationAttributes<ProductCategoryModel>
> {
  declare id: CreationOptional<number>;
  declare categoryName: string;
  declare categoryCode: string;
  declare sortOrder: number;
  declare description: string | null;
  declare isActive: CreationOptional<boolean>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    ProductCategoryModel.init(
      {
        id: col.id(),
        categoryName: col.str(64, false),
        categoryCode: col.str(32, false),
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        description: col.str(255),
        isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        ...auditedColumns(),
      },
      { sequelize, tableName: 'product_categories', paranoid: true },
    );
  }
}

export class ProductModel extends Model<InferAttributes<ProductModel>, InferCreationAttributes<ProductModel>> {
  declare id: CreationOptional<number>;
  declare productCode: string;
  declare productName: string;
  declare brand: string | null;
  declare categoryId: number;
  declare supplierId: number | null;
  /** DECIMAL: a string from both drivers, never a float. */
  declare costPrice: string | null;
  declare salePrice: string;
  declare unit: string;
  /** JSON array of URLs. */
  declare productImages: string;
  declare description: string | null;
  declare status: 'active' | 'inactive' | 'draft';
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initWith(sequelize: Sequelize): void {
    ProductModel.init(
      {
        id: col.id(),
        productCode: col.str(64, false),
        productName: col.str(128, false),
        brand: col.str(64),
        categoryId: { type: DataTypes.BIGINT, allowNull: false },
        supplierId: col.ref(),
        costPrice: { type: DataTypes.DECIMAL(12, 2), allowNull: true },
        salePrice: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
        unit: col.str(16, false),
        productImages: { type: DataTypes.TEXT, allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: true },
        status: col.str(16, false),
        ...auditedColumns(),
      },
      { sequelize, tableName: 'products', paranoid: true },
    );
  }
}
