import type { QueryInterface } from 'sequelize';

/**
 * Covering indexes for the dashboard's aggregates (004 §13.1): each query reads one index range by its date and
 * finds every column it filters or sums in the index itself, so no table row is visited (bench/README.md shows
 * the plans). InnoDB appends the primary key to each.
 */
const INDEXES: readonly { table: string; name: string; fields: string[] }[] = [
  // New customers by source (funnel leads, channel analysis), all scopes.
  {
    table: 'customers',
    name: 'ix_customers_dash_created',
    fields: ['createdAt', 'ownerId', 'source', 'convertedAt', 'deletedAt'],
  },
  // Conversions in the range (funnel customers).
  { table: 'customers', name: 'ix_customers_dash_converted', fields: ['convertedAt', 'ownerId', 'deletedAt'] },
  // Customers proper (client/inactive), per owner.
  { table: 'customers', name: 'ix_customers_dash_stage', fields: ['customerStage', 'ownerId', 'deletedAt'] },
  {
    table: 'quotations',
    name: 'ix_quotations_dash_created',
    fields: ['createdAt', 'ownerId', 'status', 'customerId', 'deletedAt'],
  },
  {
    table: 'contracts',
    name: 'ix_contracts_dash_signed',
    fields: ['signedDate', 'status', 'ownerId', 'customerId', 'contractAmount', 'deletedAt'],
  },
  // What is still owed: signed/executing contracts with both amounts.
  {
    table: 'contracts',
    name: 'ix_contracts_dash_owed',
    fields: ['status', 'ownerId', 'customerId', 'contractAmount', 'receivedAmount', 'deletedAt'],
  },
  {
    table: 'contract_payment_stages',
    name: 'ix_contract_stages_dash_due',
    fields: ['settled', 'planDate', 'contractId', 'amount', 'paidAmount'],
  },
  {
    table: 'payments',
    name: 'ix_payments_dash_date',
    fields: ['status', 'paymentDate', 'customerId', 'contractId', 'paymentAmount'],
  },
  {
    table: 'invoices',
    name: 'ix_invoices_dash_date',
    fields: ['status', 'invoiceDate', 'customerId', 'contractId', 'invoiceAmount'],
  },
  // Follow-ups in the range (active customers).
  {
    table: 'customer_follow_ups',
    name: 'ix_customer_follow_ups_dash',
    fields: ['createdAt', 'customerId', 'deletedAt'],
  },
];

/** 004 §13: indexes only. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const { table, name, fields } of INDEXES) await qi.addIndex(table, fields, { name });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const { table, name } of [...INDEXES].reverse()) await qi.removeIndex(table, name);
}
