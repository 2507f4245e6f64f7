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
  declare signedAt: CreationOptional<Date | null>;
  declare signedBy: CreationOptional<number | null>;
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
        signedAt: col.time(),
        signedBy: col.ref(),
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

/** 7.2's payment stages as rows (migration 0010). `paidAmount`/`settled` belong to the payments that settle them. */
export class ContractPaymentStageModel extends Model<
  InferAttributes<ContractPaymentStageModel>,
  InferCreationAttributes<ContractPaymentStageModel>
> {
  declare id: CreationOptional<number>;
  declare contractId: number;
  declare sortOrder: number;
  declare stageName: string;
  declare ratio: string;
  declare amount: string;
  declare planDate: string;
  declare paymentCondition: string | null;
  declare paidAmount: CreationOptional<string>;
  declare settled: CreationOptional<boolean>;
  declare settledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    ContractPaymentStageModel.init(
      {
        id: col.id(),
        contractId: { type: DataTypes.BIGINT, allowNull: false },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false },
        stageName: col.str(64, false),
        ratio: { type: DataTypes.DECIMAL(5, 2), allowNull: false },
        amount: money(16),
        planDate: { type: DataTypes.DATEONLY, allowNull: false },
        paymentCondition: col.str(255),
        paidAmount: money(16, '0'),
        settled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        settledAt: col.time(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'contract_payment_stages' },
    );
  }
}

/** 7.6 amendments: the only way a signed contract's amount changes (when the amendment is signed). */
export class ContractAmendmentModel extends Model<
  InferAttributes<ContractAmendmentModel>,
  InferCreationAttributes<ContractAmendmentModel>
> {
  declare id: CreationOptional<number>;
  declare contractId: number;
  declare amendmentNo: string;
  declare amendmentTitle: string;
  declare amendmentType: string;
  declare amendmentContent: string;
  declare amountChange: string;
  declare newContractAmount: string;
  declare status: string;
  declare signedDate: string | null;
  declare signedAt: CreationOptional<Date | null>;
  declare signedBy: CreationOptional<number | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    ContractAmendmentModel.init(
      {
        id: col.id(),
        contractId: { type: DataTypes.BIGINT, allowNull: false },
        amendmentNo: col.str(32, false),
        amendmentTitle: col.str(128, false),
        amendmentType: col.str(32, false),
        amendmentContent: { type: DataTypes.TEXT, allowNull: false },
        amountChange: { type: DataTypes.DECIMAL(16, 2), allowNull: false, defaultValue: '0' },
        newContractAmount: money(16),
        status: col.str(16, false),
        signedDate: day(),
        signedAt: col.time(),
        signedBy: col.ref(),
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'contract_amendments' },
    );
  }
}

/** 7.8-7.10: versioned PDF files of a contract; the bytes are an upload attached to the row. */
export class ContractFileModel extends Model<
  InferAttributes<ContractFileModel>,
  InferCreationAttributes<ContractFileModel>
> {
  declare id: CreationOptional<number>;
  declare contractId: number;
  declare fileType: string;
  declare fileVersion: number;
  declare fileUrl: string;
  declare fileName: string;
  declare fileSize: number | null;
  declare uploadedBy: number | null;
  declare deletedBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    ContractFileModel.init(
      {
        id: col.id(),
        contractId: { type: DataTypes.BIGINT, allowNull: false },
        fileType: col.str(16, false),
        fileVersion: { type: DataTypes.INTEGER, allowNull: false },
        fileUrl: col.str(1000, false),
        fileName: col.str(255, false),
        fileSize: { type: DataTypes.INTEGER, allowNull: true },
        uploadedBy: col.ref(),
        deletedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: col.time(),
      },
      { sequelize, tableName: 'contract_files', paranoid: true },
    );
  }
}
