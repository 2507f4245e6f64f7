import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const day = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });
const amount = (allowNull = false) => ({ type: DataTypes.DECIMAL(16, 2), allowNull });

/** 004 §10: payments against a contract and, optionally, one of its payment stages. */
async function payments(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'payments',
    {
      id: idColumn(qi),
      paymentNo: str(32, false),
      contractId: refColumn(qi, false),
      customerId: refColumn(qi, false),
      /** The stage of `contract_payment_stages` this payment settles (null: not tied to a stage). */
      stageId: refColumn(qi),
      paymentStage: str(64),
      paymentAmount: amount(),
      expectedAmount: amount(true),
      paymentDate: day(false),
      paymentMethod: str(32, false),
      bankAccount: str(128),
      transactionNo: str(64),
      payerName: str(128),
      paymentNote: str(500),
      /** draft → confirmed → cancelled, or draft → cancelled. */
      status: str(16, false),
      confirmNote: str(500),
      confirmedAt: time(true),
      confirmedBy: refColumn(qi),
      voidReason: str(500),
      voidedAt: time(true),
      voidedBy: refColumn(qi),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('payments', ['paymentNo'], { unique: true, name: 'uq_payments_no' });
  await qi.addIndex('payments', ['contractId', 'status'], { name: 'ix_payments_contract' });
  await qi.addIndex('payments', ['customerId', 'paymentDate'], { name: 'ix_payments_customer' });
  await qi.addIndex('payments', ['stageId'], { name: 'ix_payments_stage' });
}

/** 004 §11: invoices of a contract; the tax invoice number is known once issued (confirmed). */
async function invoices(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'invoices',
    {
      id: idColumn(qi),
      invoiceNo: str(32),
      contractId: refColumn(qi, false),
      customerId: refColumn(qi, false),
      paymentId: refColumn(qi),
      invoiceType: str(16, false),
      invoiceAmount: amount(),
      invoiceDate: day(),
      invoiceTitle: str(128, false),
      taxNumber: str(32),
      companyAddress: str(255),
      companyPhone: str(32),
      bankName: str(128),
      bankAccount: str(64),
      invoiceNote: str(500),
      /** draft → confirmed → voided, or draft → voided. */
      status: str(16, false),
      confirmedAt: time(true),
      confirmedBy: refColumn(qi),
      voidReason: str(500),
      voidedAt: time(true),
      voidedBy: refColumn(qi),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
    },
    tableOptions,
  );
  // An issued invoice number exists once (drafts have none; NULLs do not collide).
  await qi.addIndex('invoices', ['invoiceNo'], { unique: true, name: 'uq_invoices_no' });
  await qi.addIndex('invoices', ['contractId', 'status'], { name: 'ix_invoices_contract' });
  await qi.addIndex('invoices', ['customerId', 'invoiceDate'], { name: 'ix_invoices_customer' });
}

/** 004 §10-11: payments and invoices. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await payments(qi);
  await invoices(qi);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('invoices');
  await qi.dropTable('payments');
}
