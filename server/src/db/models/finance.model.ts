import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

const money = (allowNull = false) => ({ type: DataTypes.DECIMAL(16, 2), allowNull });
const day = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });

/** 004 §10 payments (migration 0012). Money columns are DECIMAL strings (numbers on SQLite). */
export class PaymentModel extends Model<InferAttributes<PaymentModel>, InferCreationAttributes<PaymentModel>> {
  declare id: CreationOptional<number>;
  declare paymentNo: string;
  declare contractId: number;
  declare customerId: number;
  declare stageId: number | null;
  declare paymentStage: string | null;
  declare paymentAmount: string;
  declare expectedAmount: string | null;
  declare paymentDate: string;
  declare paymentMethod: string;
  declare bankAccount: string | null;
  declare transactionNo: string | null;
  declare payerName: string | null;
  declare paymentNote: string | null;
  declare status: string;
  declare confirmNote: CreationOptional<string | null>;
  declare confirmedAt: CreationOptional<Date | null>;
  declare confirmedBy: CreationOptional<number | null>;
  declare voidReason: CreationOptional<string | null>;
  declare voidedAt: CreationOptional<Date | null>;
  declare voidedBy: CreationOptional<number | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    PaymentModel.init(
      {
        id: col.id(),
        paymentNo: col.str(32, false),
        contractId: { type: DataTypes.BIGINT, allowNull: false },
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        stageId: col.ref(),
        paymentStage: col.str(64),
        paymentAmount: money(),
        expectedAmount: money(true),
        paymentDate: day(false),
        paymentMethod: col.str(32, false),
        bankAccount: col.str(128),
        transactionNo: col.str(64),
        payerName: col.str(128),
        paymentNote: col.str(500),
        status: col.str(16, false),
        confirmNote: col.str(500),
        confirmedAt: col.time(),
        confirmedBy: col.ref(),
        voidReason: col.str(500),
        voidedAt: col.time(),
        voidedBy: col.ref(),
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'payments' },
    );
  }
}

/** 004 §11 invoices (migration 0012). `invoiceNo` is the tax invoice number, set when confirmed. */
export class InvoiceModel extends Model<InferAttributes<InvoiceModel>, InferCreationAttributes<InvoiceModel>> {
  declare id: CreationOptional<number>;
  declare invoiceNo: CreationOptional<string | null>;
  declare contractId: number;
  declare customerId: number;
  declare paymentId: number | null;
  declare invoiceType: string;
  declare invoiceAmount: string;
  declare invoiceDate: string | null;
  declare invoiceTitle: string;
  declare taxNumber: string | null;
  declare companyAddress: string | null;
  declare companyPhone: string | null;
  declare bankName: string | null;
  declare bankAccount: string | null;
  declare invoiceNote: string | null;
  declare status: string;
  declare confirmedAt: CreationOptional<Date | null>;
  declare confirmedBy: CreationOptional<number | null>;
  declare voidReason: CreationOptional<string | null>;
  declare voidedAt: CreationOptional<Date | null>;
  declare voidedBy: CreationOptional<number | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    InvoiceModel.init(
      {
        id: col.id(),
        invoiceNo: col.str(32),
        contractId: { type: DataTypes.BIGINT, allowNull: false },
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        paymentId: col.ref(),
        invoiceType: col.str(16, false),
        invoiceAmount: money(),
        invoiceDate: day(),
        invoiceTitle: col.str(128, false),
        taxNumber: col.str(32),
        companyAddress: col.str(255),
        companyPhone: col.str(32),
        bankName: col.str(128),
        bankAccount: col.str(64),
        invoiceNote: col.str(500),
        status: col.str(16, false),
        confirmedAt: col.time(),
        confirmedBy: col.ref(),
        voidReason: col.str(500),
        voidedAt: col.time(),
        voidedBy: col.ref(),
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'invoices' },
    );
  }
}
