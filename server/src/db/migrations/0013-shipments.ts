import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const day = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });
const money = () => ({ type: DataTypes.DECIMAL(16, 2), allowNull: false });

async function shipments(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'shipments',
    {
      id: idColumn(qi),
      shipmentNo: str(32, false),
      shipmentTitle: str(128, false),
      contractId: refColumn(qi, false),
      customerId: refColumn(qi, false),
      status: str(16, false),
      shipmentAmount: money(),
      shippingAddress: str(255, false),
      contactPerson: str(64, false),
      contactPhone: str(32, false),
      plannedShipDate: day(),
      actualShipDate: day(),
      estimatedDeliveryDate: day(),
      actualDeliveryDate: day(),
      /** Our company code (SF, DB, …, SELF_PICKUP). */
      logisticsCompany: str(16),
      trackingNo: str(32),
      notes: { type: DataTypes.TEXT, allowNull: true },
      signNotes: { type: DataTypes.TEXT, allowNull: true },
      cancelReason: str(500),
      shippedAt: time(true),
      shippedBy: refColumn(qi),
      deliveredAt: time(true),
      deliveredBy: refColumn(qi),
      cancelledAt: time(true),
      cancelledBy: refColumn(qi),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('shipments', ['shipmentNo'], { unique: true, name: 'uq_shipments_no' });
  await qi.addIndex('shipments', ['contractId', 'id'], { name: 'ix_shipments_contract' });
  await qi.addIndex('shipments', ['customerId', 'id'], { name: 'ix_shipments_customer' });
  await qi.addIndex('shipments', ['status', 'id'], { name: 'ix_shipments_status' });
}

async function items(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'shipment_items',
    {
      id: idColumn(qi),
      shipmentId: refColumn(qi, false),
      contractItemId: refColumn(qi, false),
      productId: refColumn(qi, false),
      productCode: str(64, false),
      productName: str(128, false),
      unit: str(16, false),
      contractQuantity: { type: DataTypes.INTEGER, allowNull: false },
      /** What other shipments held of the line when this one took its units (a delivery note prints it). */
      alreadyShippedQuantity: { type: DataTypes.INTEGER, allowNull: false },
      thisShipmentQuantity: { type: DataTypes.INTEGER, allowNull: false },
      remainingQuantity: { type: DataTypes.INTEGER, allowNull: false },
      unitPrice: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
      subtotal: money(),
      sortOrder: { type: DataTypes.INTEGER, allowNull: false },
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('shipment_items', ['shipmentId', 'sortOrder'], { name: 'ix_shipment_items_shipment' });
  await qi.addIndex('shipment_items', ['contractItemId'], { name: 'ix_shipment_items_contract_item' });
}

async function logs(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'shipment_logs',
    {
      id: idColumn(qi),
      shipmentId: refColumn(qi, false),
      action: str(16, false),
      fromStatus: str(16),
      toStatus: str(16, false),
      note: { type: DataTypes.TEXT, allowNull: true },
      operatorId: refColumn(qi),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('shipment_logs', ['shipmentId', 'id'], { name: 'ix_shipment_logs_shipment' });
}

/** 004 §9: shipments of a contract's items, their lines and their history. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await shipments(qi);
  await items(qi);
  await logs(qi);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['shipment_logs', 'shipment_items', 'shipments']) await qi.dropTable(table);
}
