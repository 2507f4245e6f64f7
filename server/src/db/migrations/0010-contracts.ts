import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const day = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });
const amount = (defaultValue?: string) => ({
  type: DataTypes.DECIMAL(16, 2),
  allowNull: false,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});

/** 7.2's payment stages as rows: payments update paidAmount/settled, the task job reads planDate. */
async function paymentStages(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'contract_payment_stages',
    {
      id: idColumn(qi),
      contractId: refColumn(qi, false),
      sortOrder: { type: DataTypes.INTEGER, allowNull: false },
      stageName: str(64, false),
      /** Percent of the contract amount, two decimals (50.00). */
      ratio: { type: DataTypes.DECIMAL(5, 2), allowNull: false },
      amount: amount(),
      planDate: day(false),
      paymentCondition: str(255),
      paidAmount: amount('0'),
      settled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      settledAt: time(true),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('contract_payment_stages', ['contractId', 'sortOrder'], { name: 'ix_contract_stages_contract' });
  // What falls due: unsettled stages by plan date.
  await qi.addIndex('contract_payment_stages', ['settled', 'planDate'], { name: 'ix_contract_stages_due' });
}

async function amendments(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'contract_amendments',
    {
      id: idColumn(qi),
      contractId: refColumn(qi, false),
      amendmentNo: str(32, false),
      amendmentTitle: str(128, false),
      amendmentType: str(32, false),
      amendmentContent: { type: DataTypes.TEXT, allowNull: false },
      /** Signed: an amendment may lower the amount. */
      amountChange: { type: DataTypes.DECIMAL(16, 2), allowNull: false, defaultValue: '0' },
      /** The amount it leads to: as proposed while draft, as applied once signed. */
      newContractAmount: amount(),
      status: str(16, false),
      signedDate: day(),
      signedAt: time(true),
      signedBy: refColumn(qi),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('contract_amendments', ['amendmentNo'], { unique: true, name: 'uq_contract_amendments_no' });
  await qi.addIndex('contract_amendments', ['contractId', 'id'], { name: 'ix_contract_amendments_contract' });
}

async function files(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'contract_files',
    {
      id: idColumn(qi),
      contractId: refColumn(qi, false),
      fileType: str(16, false),
      fileVersion: { type: DataTypes.INTEGER, allowNull: false },
      fileUrl: str(1000, false),
      fileName: str(255, false),
      /** Unknown for a file named at signing by URL only. */
      fileSize: { type: DataTypes.INTEGER, allowNull: true },
      uploadedBy: refColumn(qi),
      deletedBy: refColumn(qi),
      ...timestamps(),
      deletedAt: time(true),
    },
    tableOptions,
  );
  // Version n+1 of a kind is decided by this key: of two concurrent uploads one retries with the next number.
  // Deleted rows keep their number, so a version is never reused.
  await qi.addIndex('contract_files', ['contractId', 'fileType', 'fileVersion'], {
    unique: true,
    name: 'uq_contract_files_version',
  });
}

/** 004 §7: payment stages, amendments, files, and when/by whom a contract was signed. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('contracts', 'signedAt', time(true));
  await qi.addColumn('contracts', 'signedBy', refColumn(qi));
  await paymentStages(qi);
  await amendments(qi);
  await files(qi);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['contract_files', 'contract_amendments', 'contract_payment_stages']) {
    await qi.dropTable(table);
  }
  await qi.removeColumn('contracts', 'signedBy');
  await qi.removeColumn('contracts', 'signedAt');
}
