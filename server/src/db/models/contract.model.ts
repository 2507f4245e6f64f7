import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { auditedColumns, col } from './columns';

const money = (precision: number, defaultValue?: string) => ({
  type: DataTypes.DECIMAL(precision, 2),
  allowNull: false,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
const day = () => ({ type: DataTypes.DATEONLY, allowNull: true });

/** 004 §7. `paymentTerms` is a JSON array of stages; money columns are DECIMAL strings. */
export class ContractModel extends Model<InferAttributes<ContractModel>, InferCreationAttributes<ContractModel>> {
  declare id: CreationOptional<number>;
  declare contractNo: string;
  declare contractTitle: string;
  declare customerId: number;
  declare customerContactId: number | null;
  declare sourceQuotationId: number | null;
  declare ownerId: number | null;
  declare contractAmount: string;
  declare signedDate: string | null;
  declare deliveryDeadline: string | null;
  declare deliveryTerms: string | null;
  declare paymentTerms: string;
  declare warrantyPeriod: CreationOptional<string | null>;
  declare warrantyStartType: CreationOptional<string | null>;
  declare warrantyScope: CreationOptional<string | null>;
  declare warrantyStartDate: CreationOptional<string | null>;
  declare warrantyEndDate: CreationOptional<string | null>;
  declare status: string;
  declare shippedAmount: CreationOptional<string>;
  declare receivedAmount: CreationOptional<string>;
  declare invoicedAmount: CreationOptional<string>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    ContractModel.init(
      {
        id: col.id(),
        contractNo: col.str(32, false),
        contractTitle: col.str(128, false),
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        customerContactId: col.ref(),
        sourceQuotationId: col.ref(),
        ownerId: col.ref(),
        contractAmount: money(16),
        signedDate: day(),
        deliveryDeadline: day(),
        deliveryTerms: { type: DataTypes.TEXT, allowNull: true },
        paymentTerms: { type: DataTypes.TEXT, allowNull: false },
        warrantyPeriod: col.str(64),
        warrantyStartType: col.str(16),
        warrantyScope: col.str(500),
        warrantyStartDate: day(),
        warrantyEndDate: day(),
        status: col.str(16, false),
        shippedAmount: money(16, '0'),
        receivedAmount: money(16, '0'),
        invoicedAmount: money(16, '0'),
        ...auditedColumns(),
      },
      { sequelize, tableName: 'contracts', paranoid: true },
    );
  }
}

export class ContractItemModel extends Model<
  InferAttributes<ContractItemModel>,
  InferCreationAttributes<ContractItemModel>
> {
  declare id: CreationOptional<number>;
  declare contractId: number;
  declare productId: number;
  declare productCode: string;
  declare productName: string;
  declare unit: string;
  declare quantity: number;
  declare unitPrice: string;
  declare subtotal: string;
  declare shippedQuantity: CreationOptional<number>;
  declare sortOrder: number;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    ContractItemModel.init(
      {
        id: col.id(),
        contractId: { type: DataTypes.BIGINT, allowNull: false },
        productId: { type: DataTypes.BIGINT, allowNull: false },
        productCode: col.str(64, false),
        productName: col.str(128, false),
        unit: col.str(16, false),
        quantity: { type: DataTypes.INTEGER, allowNull: false },
        unitPrice: money(12),
        subtotal: money(16),
        shippedQuantity: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false },
        ...auditedColumns(),
      },
      { sequelize, tableName: 'contract_items', paranoid: true },
    );
  }
}
