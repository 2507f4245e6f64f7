import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time, timestamps } from './column-types';

const str = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const day = () => ({ type: DataTypes.DATEONLY, allowNull: true });
const amount = (allowNull = false) => ({ type: DataTypes.DECIMAL(16, 2), allowNull });
const price = () => ({ type: DataTypes.DECIMAL(12, 2), allowNull: false });
/** Quantities and sizes (002 shows 2.00, 2.50). */
const measure = (allowNull = true) => ({ type: DataTypes.DECIMAL(10, 2), allowNull });
const flag = () => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });

async function orders(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'orders',
    {
      id: idColumn(qi),
      orderNo: str(32, false),
      quoteId: refColumn(qi, false),
      customerId: refColumn(qi, false),
      /** Denormalised at creation (002 lists them); the snapshot keeps the rest. */
      customerName: str(128, false),
      customerPhone: str(32),
      salesId: refColumn(qi),
      status: str(24, false),
      previousStatus: str(24),
      settlementType: str(16, false),
      totalAmount: amount(),
      paidAmount: amount(),
      paymentAmount: amount(true),
      paymentMethod: str(16),
      paymentTime: time(true),
      paymentProofImg: str(1024),
      confirmationImg: str(1024),
      deliveryAddress: str(255),
      scheduledDate: day(),
      customerPoNo: str(64),
      remark: text(),
      isLocked: flag(),
      lockedBy: refColumn(qi),
      lockedAt: time(true),
      lockReason: str(255),
      haltedReason: str(500),
      haltType: str(16),
      haltedAt: time(true),
      haltUntil: time(true),
      cancelReason: str(500),
      cancelType: str(16),
      cancelledBy: refColumn(qi),
      cancelledAt: time(true),
      logisticsCompany: str(16),
      trackingNumber: str(32),
      shippingFee: amount(true),
      shippedAt: time(true),
      deliveredAt: time(true),
      completedAt: time(true),
      closedAt: time(true),
      snapshotData: text(false),
      createdBy: refColumn(qi),
      updatedBy: refColumn(qi),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('orders', ['orderNo'], { unique: true, name: 'uq_orders_no' });
  // One order per quotation, decided by the database under concurrency (002 ORDER_ALREADY_EXISTS).
  await qi.addIndex('orders', ['quoteId'], { unique: true, name: 'uq_orders_quote' });
  // The list: newest first, by status, by owner, by customer.
  await qi.addIndex('orders', ['createdAt', 'id'], { name: 'ix_orders_created' });
  await qi.addIndex('orders', ['status', 'createdAt', 'id'], { name: 'ix_orders_status_created' });
  await qi.addIndex('orders', ['salesId', 'status', 'createdAt'], { name: 'ix_orders_sales' });
  await qi.addIndex('orders', ['customerId', 'createdAt'], { name: 'ix_orders_customer' });
  await qi.addIndex('orders', ['status', 'haltUntil'], { name: 'ix_orders_halt_until' });
  await qi.addIndex('orders', ['trackingNumber'], { name: 'ix_orders_tracking' });

  // Exact totals per (owner, status), kept in the same transaction as every status change, so the list's
  // `total` for a status filter is a sum over a few rows instead of a count over a million.
  await qi.createTable(
    'order_status_counts',
    {
      salesId: { ...refColumn(qi, false), primaryKey: true },
      status: { ...str(24, false), primaryKey: true },
      count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    tableOptions,
  );
}

async function items(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'order_items',
    {
      id: idColumn(qi),
      orderId: refColumn(qi, false),
      quotationItemId: refColumn(qi),
      productId: refColumn(qi),
      productCode: str(64),
      productName: str(128, false),
      category: str(64),
      roomName: str(64),
      unit: str(16),
      unitPrice: price(),
      quantity: measure(false),
      width: measure(),
      height: measure(),
      subtotal: amount(),
      supplierId: refColumn(qi),
      purchaseOrderId: refColumn(qi),
      deliveryStatus: str(16, false),
      inStockAt: time(true),
      shippedAt: time(true),
      deliveredAt: time(true),
      sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      /** Set when a change request removes or replaces the line. */
      removedAt: time(true),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('order_items', ['orderId', 'sortOrder'], { name: 'ix_order_items_order' });
  await qi.addIndex('order_items', ['purchaseOrderId'], { name: 'ix_order_items_po' });
}

async function purchaseOrders(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'purchase_orders',
    {
      id: idColumn(qi),
      poNo: str(40, false),
      orderId: refColumn(qi, false),
      factoryId: refColumn(qi, false),
      status: str(24, false),
      subtotal: amount(),
      shippingFee: amount(),
      total: amount(),
      receivedAt: time(true),
      cancelledAt: time(true),
      createdBy: refColumn(qi),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('purchase_orders', ['poNo'], { unique: true, name: 'uq_purchase_orders_no' });
  await qi.addIndex('purchase_orders', ['orderId'], { name: 'ix_purchase_orders_order' });
  await qi.addIndex('purchase_orders', ['factoryId', 'createdAt'], { name: 'ix_purchase_orders_factory' });

  await qi.createTable(
    'purchase_order_items',
    {
      id: idColumn(qi),
      purchaseOrderId: refColumn(qi, false),
      orderItemId: refColumn(qi, false),
      productName: str(128, false),
      quantity: measure(false),
      unitPrice: price(),
      subtotal: amount(),
      receivedAt: time(true),
      receivedBy: refColumn(qi),
      ...timestamps(),
    },
    tableOptions,
  );
  await qi.addIndex('purchase_order_items', ['purchaseOrderId'], { name: 'ix_po_items_po' });
  await qi.addIndex('purchase_order_items', ['orderItemId'], { name: 'ix_po_items_order_item' });
}

async function requests(qi: QueryInterface): Promise<void> {
  const decision = {
    status: str(16, false),
    /** = orderId while PENDING, NULL after: a unique key allows one pending request per order. */
    pendingOrderId: refColumn(qi),
    requestedBy: refColumn(qi),
    approvedBy: refColumn(qi),
    approvedAt: time(true),
    rejectedBy: refColumn(qi),
    rejectedAt: time(true),
    rejectionReason: str(500),
    ...timestamps(),
  };
  await qi.createTable(
    'order_change_requests',
    {
      id: idColumn(qi),
      orderId: refColumn(qi, false),
      changeType: str(16, false),
      changeReason: str(500, false),
      originalItems: text(false),
      newItems: text(false),
      priceDifference: { type: DataTypes.DECIMAL(16, 2), allowNull: false },
      appliedAt: time(true),
      ...decision,
    },
    tableOptions,
  );
  await qi.addIndex('order_change_requests', ['orderId', 'id'], { name: 'ix_change_requests_order' });
  await qi.addIndex('order_change_requests', ['pendingOrderId'], { unique: true, name: 'uq_change_requests_pending' });

  await qi.createTable(
    'order_cancel_requests',
    {
      id: idColumn(qi),
      orderId: refColumn(qi, false),
      cancelType: str(16, false),
      cancelReason: str(500, false),
      orderStatus: str(24, false),
      ...decision,
    },
    tableOptions,
  );
  await qi.addIndex('order_cancel_requests', ['orderId', 'id'], { name: 'ix_cancel_requests_order' });
  await qi.addIndex('order_cancel_requests', ['pendingOrderId'], { unique: true, name: 'uq_cancel_requests_pending' });
}

async function timelineAndKeys(qi: QueryInterface): Promise<void> {
  await qi.createTable(
    'order_events',
    {
      id: idColumn(qi),
      orderId: refColumn(qi, false),
      eventType: str(32, false),
      fromStatus: str(24),
      toStatus: str(24),
      note: str(500),
      data: text(),
      actorId: refColumn(qi),
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('order_events', ['orderId', 'id'], { name: 'ix_order_events_order' });

  await qi.createTable(
    'idempotency_keys',
    {
      id: idColumn(qi),
      userId: refColumn(qi, false),
      idemKey: str(128, false),
      route: str(160, false),
      requestHash: str(64, false),
      /** null while the first request is running. */
      responseStatus: { type: DataTypes.INTEGER, allowNull: true },
      responseBody: text(),
      createdAt: time(),
      expiresAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('idempotency_keys', ['userId', 'idemKey'], { unique: true, name: 'uq_idempotency_user_key' });
  await qi.addIndex('idempotency_keys', ['expiresAt'], { name: 'ix_idempotency_expires' });
}

/** 002: orders with items, purchase orders, change and cancel requests, the timeline; Idempotency-Key records. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await orders(qi);
  await items(qi);
  await purchaseOrders(qi);
  await requests(qi);
  await timelineAndKeys(qi);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of [
    'idempotency_keys',
    'order_events',
    'order_cancel_requests',
    'order_change_requests',
    'purchase_order_items',
    'purchase_orders',
    'order_items',
    'order_status_counts',
    'orders',
  ]) {
    await qi.dropTable(table);
  }
}
