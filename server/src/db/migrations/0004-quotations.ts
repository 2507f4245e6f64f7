import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const day = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });
/** Unit prices; line and document totals get four more integer digits. */
const price = () => ({ type: DataTypes.DECIMAL(12, 2), allowNull: false });
const amount = (defaultValue?: string) => ({
  type: DataTypes.DECIMAL(16, 2),
  allowNull: false,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
const audited = (qi: QueryInterface) => ({
  createdBy: refColumn(qi),
  updatedBy: refColumn(qi),
  ...timestamps(),
  deletedAt: time(true),
});

async function quotations(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'quotations',
    {
      id: idColumn(qi),
      quotationNo: str(40, false),
      baseNo: str(32, false),
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      quotationTitle: str(128, false),
      customerId: refColumn(qi, false),
      customerContactId: refColumn(qi),
      ownerId: refColumn(qi),
      status: str(16, false),
      validFrom: day(false),
      validUntil: day(false),
      paymentTerms: text(),
      deliveryTerms: text(),
      notes: text(),
      standardTotal: amount('0'),
      totalAmount: amount('0'),
      discountTotal: amount('0'),
      pdfFileUrl: str(255),
      pdfGeneratedAt: time(true),
      sentAt: time(true),
      acceptedAt: time(true),
      rejectedAt: time(true),
      rejectReasonCode: str(16),
      rejectReason: str(500),
      expiredAt: time(true),
      previousVersionId: refColumn(qi),
      supersededById: refColumn(qi),
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('quotations', ['quotationNo'], { unique: true, name: 'uq_quotations_no' });
  await qi.addIndex('quotations', ['customerId', 'createdAt'], { name: 'ix_quotations_customer' });
  await qi.addIndex('quotations', ['ownerId', 'createdAt'], { name: 'ix_quotations_owner' });
  await qi.addIndex('quotations', ['status', 'validUntil'], { name: 'ix_quotations_status_valid' });
  await qi.addIndex('quotations', ['createdAt'], { name: 'ix_quotations_created' });
  await qi.addIndex('quotations', ['status', 'rejectedAt'], { name: 'ix_quotations_rejected' });

  await qi.createTable(
    'quotation_items',
    {
      id: idColumn(qi),
      quotationId: refColumn(qi, false),
      productId: refColumn(qi, false),
      productCode: str(64, false),
      productName: str(128, false),
      unit: str(16, false),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      standardPrice: price(),
      actualPrice: price(),
      discountAmount: price(),
      discountRate: { type: DataTypes.DECIMAL(7, 2), allowNull: false },
      subtotal: amount(),
      itemNote: str(255),
      sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('quotation_items', ['quotationId', 'sortOrder'], { name: 'ix_quotation_items_quotation' });

  await qi.createTable(
    'quotation_events',
    {
      id: idColumn(qi),
      quotationId: refColumn(qi, false),
      eventType: str(32, false),
      fromValue: str(64),
      toValue: str(64),
      reason: str(500),
      createdBy: refColumn(qi),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('quotation_events', ['quotationId', 'id'], { name: 'ix_quotation_events_quotation' });
}

async function contracts(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'contracts',
    {
      id: idColumn(qi),
      contractNo: str(32, false),
      contractTitle: str(128, false),
      customerId: refColumn(qi, false),
      customerContactId: refColumn(qi),
      sourceQuotationId: refColumn(qi),
      ownerId: refColumn(qi),
      contractAmount: amount(),
      signedDate: day(),
      deliveryDeadline: day(),
      deliveryTerms: text(),
      /** JSON array of payment stages (004 §7.2). */
      paymentTerms: text(false),
      warrantyPeriod: str(64),
      warrantyStartType: str(16),
      warrantyScope: str(500),
      warrantyStartDate: day(),
      warrantyEndDate: day(),
      status: str(16, false),
      shippedAmount: amount('0'),
      receivedAmount: amount('0'),
      invoicedAmount: amount('0'),
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('contracts', ['contractNo'], { unique: true, name: 'uq_contracts_no' });
  // One contract per quotation, decided by the database (NULLs, contracts without a quotation, do not collide).
  await qi.addIndex('contracts', ['sourceQuotationId'], { unique: true, name: 'uq_contracts_source_quotation' });
  await qi.addIndex('contracts', ['customerId', 'signedDate'], { name: 'ix_contracts_customer' });
  await qi.addIndex('contracts', ['ownerId', 'signedDate'], { name: 'ix_contracts_owner' });
  await qi.addIndex('contracts', ['status', 'signedDate'], { name: 'ix_contracts_status' });

  await qi.createTable(
    'contract_items',
    {
      id: idColumn(qi),
      contractId: refColumn(qi, false),
      productId: refColumn(qi, false),
      productCode: str(64, false),
      productName: str(128, false),
      unit: str(16, false),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      unitPrice: price(),
      subtotal: amount(),
      shippedQuantity: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('contract_items', ['contractId', 'sortOrder'], { name: 'ix_contract_items_contract' });
}

/** 004 §6 quotations (with versions, items and an event history) and the contracts they become (§7). */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await quotations(qi);
  await contracts(qi);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['contract_items', 'contracts', 'quotation_events', 'quotation_items', 'quotations']) {
    await qi.dropTable(table);
  }
}
