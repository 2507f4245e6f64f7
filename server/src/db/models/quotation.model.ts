import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { auditedColumns, col } from './columns';

export type QuotationStatusValue = 'draft' | 'sent' | 'accepted' | 'rejected' | 'expired' | 'superseded';

const money = (precision: number) => ({ type: DataTypes.DECIMAL(precision, 2), allowNull: false });
const day = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });
const text = () => ({ type: DataTypes.TEXT, allowNull: true });

/** 004 §6. Money columns are DECIMAL (strings from both drivers); dates are `YYYY-MM-DD` strings. */
export class QuotationModel extends Model<InferAttributes<QuotationModel>, InferCreationAttributes<QuotationModel>> {
  declare id: CreationOptional<number>;
  declare quotationNo: string;
  declare baseNo: string;
  declare version: number;
  declare quotationTitle: string;
  declare customerId: number;
  declare customerContactId: number | null;
  declare ownerId: number | null;
  declare status: QuotationStatusValue;
  declare validFrom: string;
  declare validUntil: string;
  declare paymentTerms: string | null;
  declare deliveryTerms: string | null;
  declare notes: string | null;
  declare standardTotal: string;
  declare totalAmount: string;
  declare discountTotal: string;
  declare pdfFileUrl: CreationOptional<string | null>;
  declare pdfGeneratedAt: CreationOptional<Date | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare acceptedAt: CreationOptional<Date | null>;
  declare rejectedAt: CreationOptional<Date | null>;
  declare rejectReasonCode: CreationOptional<string | null>;
  declare rejectReason: CreationOptional<string | null>;
  declare expiredAt: CreationOptional<Date | null>;
  declare previousVersionId: number | null;
  declare supersededById: CreationOptional<number | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    QuotationModel.init(
      {
        id: col.id(),
        quotationNo: col.str(40, false),
        baseNo: col.str(32, false),
        version: { type: DataTypes.INTEGER, allowNull: false },
        quotationTitle: col.str(128, false),
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        customerContactId: col.ref(),
        ownerId: col.ref(),
        status: col.str(16, false),
        validFrom: day(false),
        validUntil: day(false),
        paymentTerms: text(),
        deliveryTerms: text(),
        notes: text(),
        standardTotal: money(16),
        totalAmount: money(16),
        discountTotal: money(16),
        pdfFileUrl: col.str(255),
        pdfGeneratedAt: col.time(),
        sentAt: col.time(),
        acceptedAt: col.time(),
        rejectedAt: col.time(),
        rejectReasonCode: col.str(16),
        rejectReason: col.str(500),
        expiredAt: col.time(),
        previousVersionId: col.ref(),
        supersededById: col.ref(),
        ...auditedColumns(),
      },
      { sequelize, tableName: 'quotations', paranoid: true },
    );
  }
}

export class QuotationItemModel extends Model<
  InferAttributes<QuotationItemModel>,
  InferCreationAttributes<QuotationItemModel>
> {
  declare id: CreationOptional<number>;
  declare quotationId: number;
  declare productId: number;
  declare productCode: string;
  declare productName: string;
  declare unit: string;
  declare quantity: number;
  declare standardPrice: string;
  declare actualPrice: string;
  declare discountAmount: string;
  declare discountRate: string;
  declare subtotal: string;
  declare itemNote: string | null;
  declare sortOrder: number;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    QuotationItemModel.init(
      {
        id: col.id(),
        quotationId: { type: DataTypes.BIGINT, allowNull: false },
        productId: { type: DataTypes.BIGINT, allowNull: false },
        productCode: col.str(64, false),
        productName: col.str(128, false),
        unit: col.str(16, false),
        quantity: { type: DataTypes.INTEGER, allowNull: false },
        standardPrice: money(12),
        actualPrice: money(12),
        discountAmount: money(12),
        discountRate: money(7),
        subtotal: money(16),
        itemNote: col.str(255),
        sortOrder: { type: DataTypes.INTEGER, allowNull: false },
        ...auditedColumns(),
      },
      { sequelize, tableName: 'quotation_items', paranoid: true },
    );
  }
}

/** The history of a quotation: status changes, validity extensions, versions (append-only). */
export class QuotationEventModel extends Model<
  InferAttributes<QuotationEventModel>,
  InferCreationAttributes<QuotationEventModel>
> {
  declare id: CreationOptional<number>;
  declare quotationId: number;
  declare eventType: string;
  declare fromValue: string | null;
  declare toValue: string | null;
  declare reason: string | null;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    QuotationEventModel.init(
      {
        id: col.id(),
        quotationId: { type: DataTypes.BIGINT, allowNull: false },
        eventType: col.str(32, false),
        fromValue: col.str(64),
        toValue: col.str(64),
        reason: col.str(500),
        createdBy: col.ref(),
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'quotation_events', updatedAt: false },
    );
  }
}
