import { QueryTypes } from 'sequelize';
import type { Database } from '../../db/database';
import { rawDate } from './jiedan-records';

/** An order as a factory sees it: no customer name, phone, address or prices. */
export interface FactoryOrderRow {
  id: number;
  orderNo: string;
  status: string;
  createdAt: Date;
  scheduledDate: string | null;
  deliveryAddress: string | null;
  customerCity: string | null;
}

export interface FactoryOrderLineRow {
  id: number;
  orderId: number;
  purchaseOrderId: number | null;
  productCode: string | null;
  productName: string;
  category: string | null;
  roomName: string | null;
  width: string | null;
  height: string | null;
  quantity: string;
  unit: string | null;
}

export interface FactoryPurchaseOrderRow {
  id: number;
  orderId: number;
  poNo: string;
  status: string;
}

type Raw = Record<string, unknown>;

/**
 * Orders that take bids: PENDING_PO, not locked, not split (no purchase order) and without an accepted bid. The
 * same rule as `closedReason`, as SQL. Walks `ix_orders_status_created` newest first; the two NOT EXISTS are
 * index lookups (`ix_purchase_orders_order`, `uq_jiedan_accepted_order`).
 */
const OPEN_FOR_BIDS =
  "o.status = 'PENDING_PO' AND o.isLocked = 0" +
  ' AND NOT EXISTS (SELECT 1 FROM purchase_orders po WHERE po.orderId = o.id)' +
  ' AND NOT EXISTS (SELECT 1 FROM jiedan ja WHERE ja.accepted_order_id = o.id)';

/**
 * The ids of the orders a factory works on: its accepted live bids (`ix_jiedan_factory_status`) and its purchase
 * orders (`ix_purchase_orders_factory`). Read as a derived table joined to orders by primary key, so the cost grows
 * with the factory's own orders, not with all orders.
 */
const WORKS_ON =
  '(SELECT j.order_id AS id FROM jiedan j WHERE j.factory_id = ? AND j.alive = 1 AND j.status = ?' +
  ' UNION SELECT p.orderId AS id FROM purchase_orders p WHERE p.factoryId = ?) m';

const ORDER_COLUMNS =
  'o.id, o.orderNo, o.status, o.createdAt, o.scheduledDate, o.deliveryAddress, c.city AS customerCity';

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toOrder(r: Raw): FactoryOrderRow {
  const day = r.scheduledDate;
  return {
    id: Number(r.id),
    orderNo: String(r.orderNo),
    status: String(r.status),
    createdAt: rawDate(r.createdAt),
    scheduledDate:
      day === null || day === undefined
        ? null
        : day instanceof Date
          ? day.toISOString().slice(0, 10)
          : String(day).slice(0, 10),
    deliveryAddress: str(r.deliveryAddress),
    customerCity: str(r.customerCity),
  };
}

/** The raw, indexed reads behind GET /api/factory/orders: a fixed number of queries per page, no N+1. */
export class FactoryOrdersRepository {
  constructor(private readonly db: Database) {}

  openPage(page: number, pageSize: number): Promise<{ rows: FactoryOrderRow[]; total: number }> {
    return this.page(
      { from: `orders o LEFT JOIN customers c ON c.id = o.customerId WHERE ${OPEN_FOR_BIDS}`, params: [] },
      { sql: `SELECT COUNT(*) AS n FROM orders o WHERE ${OPEN_FOR_BIDS}`, params: [] },
      page,
      pageSize,
    );
  }

  minePage(factoryId: number, page: number, pageSize: number): Promise<{ rows: FactoryOrderRow[]; total: number }> {
    const params = [factoryId, 'accepted', factoryId];
    return this.page(
      { from: `${WORKS_ON} JOIN orders o ON o.id = m.id LEFT JOIN customers c ON c.id = o.customerId`, params },
      { sql: `SELECT COUNT(*) AS n FROM ${WORKS_ON}`, params },
      page,
      pageSize,
    );
  }

  /** The current lines of the orders (no prices), in their order. */
  async lines(orderIds: number[]): Promise<FactoryOrderLineRow[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.select(
      'SELECT id, orderId, purchaseOrderId, productCode, productName, category, roomName, width, height, quantity, unit' +
        ' FROM order_items WHERE orderId IN (?) AND removedAt IS NULL ORDER BY orderId, sortOrder, id',
      [orderIds],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      orderId: Number(r.orderId),
      purchaseOrderId: r.purchaseOrderId === null ? null : Number(r.purchaseOrderId),
      productCode: str(r.productCode),
      productName: String(r.productName),
      category: str(r.category),
      roomName: str(r.roomName),
      width: str(r.width),
      height: str(r.height),
      quantity: String(r.quantity),
      unit: str(r.unit),
    }));
  }

  /** The factory's own purchase orders of these orders. */
  async purchaseOrders(factoryId: number, orderIds: number[]): Promise<FactoryPurchaseOrderRow[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.select(
      'SELECT id, orderId, poNo, status FROM purchase_orders WHERE factoryId = ? AND orderId IN (?) ORDER BY id',
      [factoryId, orderIds],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      orderId: Number(r.orderId),
      poNo: String(r.poNo),
      status: String(r.status),
    }));
  }

  private async page(
    rows: { from: string; params: unknown[] },
    count: { sql: string; params: unknown[] },
    page: number,
    pageSize: number,
  ) {
    const [found, counted] = await Promise.all([
      this.select(`SELECT ${ORDER_COLUMNS} FROM ${rows.from} ORDER BY o.createdAt DESC, o.id DESC LIMIT ? OFFSET ?`, [
        ...rows.params,
        pageSize,
        (page - 1) * pageSize,
      ]),
      this.select(count.sql, count.params),
    ]);
    return { rows: found.map(toOrder), total: Number(counted[0]?.n ?? 0) };
  }

  private select(sql: string, replacements: unknown[]): Promise<Raw[]> {
    return this.db.sequelize.query<Raw>(sql, { replacements, type: QueryTypes.SELECT });
  }
}
