import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const text = () => ({ type: DataTypes.TEXT, allowNull: true });
const audited = (qi: QueryInterface) => ({
  createdBy: refColumn(qi),
  updatedBy: refColumn(qi),
  ...timestamps(),
  deletedAt: time(true),
});

/** The customer columns 004 §3.2 and §5.2 name, beyond the few that WeChat binding needed. */
const CUSTOMER_COLUMNS = {
  customerType: str(32),
  customerLevel: str(8),
  industry: str(64),
  province: str(32),
  city: str(32),
  address: str(255),
  hotelRooms: { type: DataTypes.INTEGER, allowNull: true },
  hotelStar: str(16),
  source: str(32),
  description: text(),
  /** 002: 现结 PREPAID / 月结 MONTHLY. */
  settlementType: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'PREPAID' },
  /** Duplicate detection keys: the name without spaces, lower-cased; the phone's digits. */
  nameKey: str(128),
  phoneKey: str(32),
  stageUpdatedAt: time(true),
  convertedAt: time(true),
  poolEnteredAt: time(true),
  lostReasonCode: str(32),
  lostReason: str(255),
  lastFollowUpAt: time(true),
  nextFollowUpAt: time(true),
};

/** 004 §3 and §5: the CRM around customers (leads are customers in the early stages). */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [name, spec] of Object.entries(CUSTOMER_COLUMNS)) await qi.addColumn('customers', name, spec);
  // InnoDB secondary indexes end with the primary key, so each of these also serves ORDER BY id DESC.
  await qi.addIndex('customers', ['customerStage'], { name: 'ix_customers_stage' });
  await qi.addIndex('customers', ['customerType'], { name: 'ix_customers_type' });
  await qi.addIndex('customers', ['customerLevel'], { name: 'ix_customers_level' });
  await qi.addIndex('customers', ['source'], { name: 'ix_customers_source' });
  await qi.addIndex('customers', ['province', 'city'], { name: 'ix_customers_region' });
  await qi.addIndex('customers', ['createdAt'], { name: 'ix_customers_created' });
  await qi.addIndex('customers', ['nameKey'], { name: 'ix_customers_name_key' });
  await qi.addIndex('customers', ['phoneKey'], { name: 'ix_customers_phone_key' });
  await qi.addIndex('customers', ['nextFollowUpAt'], { name: 'ix_customers_next_follow_up' });

  await qi.createTable(
    'customer_contacts',
    {
      id: idColumn(qi),
      customerId: refColumn(qi, false),
      contactName: str(64, false),
      position: str(64),
      mobile: str(32),
      wechat: str(64),
      email: str(128),
      isPrimary: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      description: str(255),
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('customer_contacts', ['customerId'], { name: 'ix_customer_contacts_customer' });

  await qi.createTable(
    'customer_follow_ups',
    {
      id: idColumn(qi),
      customerId: refColumn(qi, false),
      followUpMethod: str(16, false),
      contactPerson: str(64),
      followUpContent: { type: DataTypes.TEXT, allowNull: false },
      customerFeedback: text(),
      nextFollowUpTime: time(true),
      nextFollowUpContent: str(255),
      followUpResult: str(16),
      attachmentUrls: { type: DataTypes.TEXT, allowNull: false },
      ...audited(qi),
    },
    tableOptions,
  );
  await qi.addIndex('customer_follow_ups', ['customerId', 'createdAt'], { name: 'ix_customer_follow_ups_customer' });

  /** Stage changes, owner changes (transfer, assign, claim, abandon to the pool) and conversions, with reasons. */
  await qi.createTable(
    'customer_events',
    {
      id: idColumn(qi),
      customerId: refColumn(qi, false),
      eventType: str(16, false),
      fromValue: str(64),
      toValue: str(64),
      reasonCode: str(32),
      reason: str(255),
      createdBy: refColumn(qi),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('customer_events', ['customerId', 'createdAt'], { name: 'ix_customer_events_customer' });
  await qi.addIndex('customer_events', ['eventType', 'createdAt'], { name: 'ix_customer_events_type' });

  /** An n-gram index for keyword search (names, phones, contacts): indexed lookups instead of LIKE '%…%' scans. */
  await qi.createTable(
    'customer_search_terms',
    {
      term: { type: DataTypes.STRING(8), allowNull: false, primaryKey: true },
      customerId: { ...refColumn(qi, false), primaryKey: true },
    },
    tableOptions,
  );
  await qi.addIndex('customer_search_terms', ['customerId'], { name: 'ix_customer_search_terms_customer' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['customer_search_terms', 'customer_events', 'customer_follow_ups', 'customer_contacts'])
    await qi.dropTable(table);
  for (const name of Object.keys(CUSTOMER_COLUMNS)) await qi.removeColumn('customers', name);
}
