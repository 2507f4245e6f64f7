import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

const money = () => ({ type: DataTypes.DECIMAL(14, 2), allowNull: true });
const day = () => ({ type: DataTypes.DATEONLY, allowNull: true });

/** 004 §12 service tickets. Money columns are DECIMAL strings; URL lists are JSON text. */
export class ServiceTicketModel extends Model<
  InferAttributes<ServiceTicketModel>,
  InferCreationAttributes<ServiceTicketModel>
> {
  declare id: CreationOptional<number>;
  declare ticketNo: string;
  declare ticketType: string;
  declare ticketTitle: string;
  declare priority: string;
  declare status: string;
  declare customerId: number;
  declare customerContactId: number | null;
  declare contractId: number | null;
  declare productId: number | null;
  declare problemDescription: string;
  declare problemAnalysis: CreationOptional<string | null>;
  declare solution: CreationOptional<string | null>;
  declare expectedResolveDate: string | null;
  declare attachmentUrls: string;
  declare solutionAttachmentUrls: CreationOptional<string>;
  declare isUnderWarranty: boolean;
  declare warrantyStatus: string;
  declare warrantyStartDate: string | null;
  declare warrantyEndDate: string | null;
  declare warrantyDaysLeft: number | null;
  declare serviceFee: CreationOptional<string | null>;
  declare partsCost: CreationOptional<string | null>;
  declare totalCost: CreationOptional<string | null>;
  declare paymentStatus: CreationOptional<string | null>;
  declare assignedTo: CreationOptional<number | null>;
  declare assignedAt: CreationOptional<Date | null>;
  declare reportedAt: Date;
  declare firstResponseAt: CreationOptional<Date | null>;
  declare resolvedAt: CreationOptional<Date | null>;
  declare resolvedBy: CreationOptional<number | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare closedBy: CreationOptional<number | null>;
  declare closeNote: CreationOptional<string | null>;
  declare customerRating: CreationOptional<number | null>;
  declare customerFeedback: CreationOptional<string | null>;
  declare ratedAt: CreationOptional<Date | null>;
  declare ratedBy: CreationOptional<number | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  static initWith(sequelize: Sequelize): void {
    ServiceTicketModel.init(
      {
        id: col.id(),
        ticketNo: col.str(32, false),
        ticketType: col.str(24, false),
        ticketTitle: col.str(128, false),
        priority: col.str(16, false),
        status: col.str(24, false),
        customerId: { type: DataTypes.BIGINT, allowNull: false },
        customerContactId: col.ref(),
        contractId: col.ref(),
        productId: col.ref(),
        problemDescription: { type: DataTypes.TEXT, allowNull: false },
        problemAnalysis: { type: DataTypes.TEXT, allowNull: true },
        solution: { type: DataTypes.TEXT, allowNull: true },
        expectedResolveDate: day(),
        attachmentUrls: { type: DataTypes.TEXT, allowNull: false },
        solutionAttachmentUrls: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
        isUnderWarranty: { type: DataTypes.BOOLEAN, allowNull: false },
        warrantyStatus: col.str(16, false),
        warrantyStartDate: day(),
        warrantyEndDate: day(),
        warrantyDaysLeft: { type: DataTypes.INTEGER, allowNull: true },
        serviceFee: money(),
        partsCost: money(),
        totalCost: money(),
        paymentStatus: col.str(16),
        assignedTo: col.ref(),
        assignedAt: col.time(),
        reportedAt: { type: DataTypes.DATE(3), allowNull: false },
        firstResponseAt: col.time(),
        resolvedAt: col.time(),
        resolvedBy: col.ref(),
        closedAt: col.time(),
        closedBy: col.ref(),
        closeNote: col.str(500),
        customerRating: { type: DataTypes.INTEGER, allowNull: true },
        customerFeedback: col.str(500),
        ratedAt: col.time(),
        ratedBy: col.ref(),
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
        deletedAt: col.time(),
      },
      { sequelize, tableName: 'service_tickets', paranoid: true },
    );
  }
}

/** A part a resolution replaced, with its exact cost. */
export class ServiceTicketPartModel extends Model<
  InferAttributes<ServiceTicketPartModel>,
  InferCreationAttributes<ServiceTicketPartModel>
> {
  declare id: CreationOptional<number>;
  declare ticketId: number;
  declare partName: string;
  declare partCode: string | null;
  declare quantity: number;
  declare unitCost: string;
  declare subtotal: string;
  declare sortOrder: number;
  declare createdAt: Date;

  static initWith(sequelize: Sequelize): void {
    ServiceTicketPartModel.init(
      {
        id: col.id(),
        ticketId: { type: DataTypes.BIGINT, allowNull: false },
        partName: col.str(128, false),
        partCode: col.str(64),
        quantity: { type: DataTypes.INTEGER, allowNull: false },
        unitCost: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
        subtotal: { type: DataTypes.DECIMAL(14, 2), allowNull: false },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'service_ticket_parts', timestamps: false },
    );
  }
}

/** One entry of a ticket's operation log (12.3 `logs`, 12.8). Append-only. */
export class ServiceTicketLogModel extends Model<
  InferAttributes<ServiceTicketLogModel>,
  InferCreationAttributes<ServiceTicketLogModel>
> {
  declare id: CreationOptional<number>;
  declare ticketId: number;
  declare logType: string;
  declare logContent: string;
  declare attachmentUrls: string;
  declare createdBy: number | null;
  declare createdAt: Date;

  static initWith(sequelize: Sequelize): void {
    ServiceTicketLogModel.init(
      {
        id: col.id(),
        ticketId: { type: DataTypes.BIGINT, allowNull: false },
        logType: col.str(24, false),
        logContent: { type: DataTypes.TEXT, allowNull: false },
        attachmentUrls: { type: DataTypes.TEXT, allowNull: false },
        createdBy: col.ref(),
        createdAt: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'service_ticket_logs', timestamps: false },
    );
  }
}
