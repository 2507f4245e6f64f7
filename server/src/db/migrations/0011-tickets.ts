import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const day = () => ({ type: DataTypes.DATEONLY, allowNull: true });
const money = () => ({ type: DataTypes.DECIMAL(14, 2), allowNull: true });

async function tickets(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'service_tickets',
    {
      id: idColumn(qi),
      ticketNo: str(32, false),
      ticketType: str(24, false),
      ticketTitle: str(128, false),
      priority: str(16, false),
      status: str(24, false),
      customerId: refColumn(qi, false),
      customerContactId: refColumn(qi),
      contractId: refColumn(qi),
      productId: refColumn(qi),
      problemDescription: text(false),
      problemAnalysis: text(),
      solution: text(),
      expectedResolveDate: day(),
      /** JSON arrays of URLs. */
      attachmentUrls: text(false),
      solutionAttachmentUrls: text(false),
      // The warranty as it stood on the day the ticket was created (a snapshot: later contract edits do not move it).
      isUnderWarranty: { type: DataTypes.BOOLEAN, allowNull: false },
      warrantyStatus: str(16, false),
      warrantyStartDate: day(),
      warrantyEndDate: day(),
      warrantyDaysLeft: { type: DataTypes.INTEGER, allowNull: true },
      serviceFee: money(),
      partsCost: money(),
      totalCost: money(),
      paymentStatus: str(16),
      assignedTo: refColumn(qi),
      assignedAt: time(true),
      reportedAt: time(),
      firstResponseAt: time(true),
      resolvedAt: time(true),
      resolvedBy: refColumn(qi),
      closedAt: time(true),
      closedBy: refColumn(qi),
      closeNote: str(500),
      customerRating: { type: DataTypes.INTEGER, allowNull: true },
      customerFeedback: str(500),
      ratedAt: time(true),
      ratedBy: refColumn(qi),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
      deletedAt: time(true),
    },
    tableOptions,
  );
  await qi.addIndex('service_tickets', ['ticketNo'], { unique: true, name: 'uq_service_tickets_no' });
  await qi.addIndex('service_tickets', ['customerId', 'reportedAt'], { name: 'ix_service_tickets_customer' });
  await qi.addIndex('service_tickets', ['status', 'reportedAt'], { name: 'ix_service_tickets_status' });
  await qi.addIndex('service_tickets', ['assignedTo', 'status'], { name: 'ix_service_tickets_assignee' });
  await qi.addIndex('service_tickets', ['contractId'], { name: 'ix_service_tickets_contract' });
  await qi.addIndex('service_tickets', ['reportedAt'], { name: 'ix_service_tickets_reported' });

  await qi.createTable(
    'service_ticket_parts',
    {
      id: idColumn(qi),
      ticketId: refColumn(qi, false),
      partName: str(128, false),
      partCode: str(64),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      unitCost: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
      subtotal: { type: DataTypes.DECIMAL(14, 2), allowNull: false },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('service_ticket_parts', ['ticketId', 'sortOrder'], { name: 'ix_service_ticket_parts_ticket' });

  await qi.createTable(
    'service_ticket_logs',
    {
      id: idColumn(qi),
      ticketId: refColumn(qi, false),
      logType: str(24, false),
      logContent: text(false),
      attachmentUrls: text(false),
      createdBy: refColumn(qi),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('service_ticket_logs', ['ticketId', 'id'], { name: 'ix_service_ticket_logs_ticket' });
}

/** 004 §12: service tickets, the parts a resolution used, and each ticket's operation log. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await tickets(qi);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['service_ticket_logs', 'service_ticket_parts', 'service_tickets']) await qi.dropTable(table);
}
