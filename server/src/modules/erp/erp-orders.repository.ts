import { ERP_ORDER_STATUSES, type OrderStatus } from '@app/shared';
import type { Database, RawRow, SqlParam } from '../../db/database';
import type {
  ErpCompany,
  ErpObject,
  ErpOrderPage,
  ErpOrderSearch,
  LocalErpSource,
} from '../../integrations/erp/erp.client';
import { COMPANY_NAMES } from '../../integrations/logistics/logistics.client';
import { asDate } from '../orders/order-records';
import { parseImages } from '../progress/progress.repository';
import { erpMaterialStatus, erpOrderStatus, orderStatusesOf } from './erp-status';

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : asDate(v as Date | string).toISOString();
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** An order line as 003 names it: a material. */
function toMaterial(r: RawRow, orderStatus: OrderStatus) {
  return {
    material_id: str(r.id),
    material_code: str(r.productCode),
    material_name: str(r.productName),
    quantity: num(r.quantity),
    unit: r.unit === null || r.unit === undefined ? null : String(r.unit),
    status: erpMaterialStatus(str(r.deliveryStatus), orderStatus),
    factory_id: r.factoryId === null || r.factoryId === undefined ? null : str(r.factoryId),
    factory_name: r.factoryName === null || r.factoryName === undefined ? null : String(r.factoryName),
  };
}

/**
 * What a customer sees of an order's timeline: these events, each with a fixed title; notes only where they are
 * meant for the customer (a progress stage, a carrier and tracking number, a courier's scan). Staff-only events
 * (locks, requests, bids, edits) and free-text reasons stay inside.
 */
const CUSTOMER_EVENTS: Readonly<Record<string, { title: string; note: boolean }>> = {
  created: { title: '订单已创建', note: false },
  split: { title: '已安排工厂生产', note: false },
  progress_posted: { title: '生产进度更新', note: true },
  goods_received: { title: '货物已到仓', note: false },
  halted: { title: '订单暂停生产', note: false },
  resumed: { title: '订单恢复生产', note: false },
  shipped: { title: '已发货', note: true },
  logistics_event: { title: '物流更新', note: true },
  signed: { title: '已签收', note: false },
  completed: { title: '订单已完成', note: false },
  cancelled: { title: '订单已取消', note: false },
};
const TIMELINE_LIMIT = 50;

const ITEM_COLUMNS =
  'i.id, i.orderId, i.productCode, i.productName, i.quantity, i.unit, i.deliveryStatus, ' +
  'COALESCE(po.factoryId, i.supplierId) AS factoryId, f.name AS factoryName';
const ITEM_JOINS =
  'LEFT JOIN purchase_orders po ON po.id = i.purchaseOrderId ' +
  'LEFT JOIN factories f ON f.id = COALESCE(po.factoryId, i.supplierId)';

/**
 * The `local` ERP adapter's reads: this system's orders, lines and progress posts of one company, as raw indexed
 * queries (a page is three queries whatever its size: count, orders, their lines).
 */
export class ErpOrdersRepository implements LocalErpSource {
  constructor(private readonly db: Database) {}

  async searchOrders(q: ErpOrderSearch): Promise<ErpOrderPage> {
    const where: string[] = ['o.customerId = ?'];
    const params: SqlParam[] = [Number(q.customerId)];
    if (q.status) {
      const statuses = orderStatusesOf(q.status);
      where.push(`o.status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
    if (q.keyword) {
      const like = `%${q.keyword.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      where.push(
        "(o.orderNo LIKE ? ESCAPE '!' OR EXISTS (SELECT 1 FROM order_items k WHERE k.orderId = o.id " +
          "AND k.removedAt IS NULL AND (k.productName LIKE ? ESCAPE '!' OR k.productCode LIKE ? ESCAPE '!')))",
      );
      params.push(like, like, like);
    }
    const sql = where.join(' AND ');
    const [count, rows] = await Promise.all([
      this.db.select(`SELECT COUNT(*) AS n FROM orders o WHERE ${sql}`, params),
      this.db.select(
        `SELECT o.id, o.orderNo, o.customerName, o.createdAt, o.status FROM orders o WHERE ${sql} ` +
          'ORDER BY o.createdAt DESC, o.id DESC LIMIT ? OFFSET ?',
        [...params, q.pageSize, (q.page - 1) * q.pageSize],
      ),
    ]);
    const items = await this.itemsOf(rows.map((r) => Number(r.id)));
    const orders = rows.map((r) => {
      const status = str(r.status) as OrderStatus;
      return {
        order_id: str(r.id),
        order_no: str(r.orderNo),
        customer_name: str(r.customerName),
        order_date: iso(r.createdAt) ?? '',
        status: erpOrderStatus(status),
        materials: (items.get(Number(r.id)) ?? []).map((i) => ({
          material_id: str(i.id),
          material_code: str(i.productCode),
          status: erpMaterialStatus(str(i.deliveryStatus), status),
        })),
      };
    });
    return { orders, total: Number(count[0]?.n ?? 0) };
  }

  async orderStatus(customerId: number, orderId: number): Promise<ErpObject | null> {
    const order = await this.order(customerId, orderId);
    if (!order) return null;
    const [lines, timeline] = await Promise.all([
      this.db.select('SELECT deliveryStatus FROM order_items WHERE orderId = ? AND removedAt IS NULL', [orderId]),
      this.timeline(orderId),
    ]);
    const status = str(order.status) as OrderStatus;
    const materialStatuses = lines.map((l) => erpMaterialStatus(str(l.deliveryStatus), status));
    return {
      order_id: str(order.id),
      order_no: str(order.orderNo),
      customer_name: str(order.customerName),
      order_date: iso(order.createdAt),
      status: erpOrderStatus(status),
      materials_total: materialStatuses.length,
      materials_by_status: Object.fromEntries(
        ERP_ORDER_STATUSES.map((s) => [s, materialStatuses.filter((m) => m === s).length]),
      ),
      shipped_at: iso(order.shippedAt),
      delivered_at: iso(order.deliveredAt),
      completed_at: iso(order.completedAt),
      updated_at: iso(order.updatedAt),
      logistics: order.trackingNumber
        ? {
            company_code: str(order.logisticsCompany),
            company_name: COMPANY_NAMES[str(order.logisticsCompany) as keyof typeof COMPANY_NAMES] ?? null,
            tracking_no: str(order.trackingNumber),
            shipped_at: iso(order.shippedAt),
            delivered_at: iso(order.deliveredAt),
          }
        : null,
      timeline,
    };
  }

  /** The customer's view of the order's timeline, newest first. */
  private async timeline(orderId: number) {
    const types = Object.keys(CUSTOMER_EVENTS);
    const rows = await this.db.select(
      `SELECT eventType, note, createdAt FROM order_events WHERE orderId = ? AND eventType IN (${types.map(() => '?').join(', ')}) ` +
        'ORDER BY id DESC LIMIT ?',
      [orderId, ...types, TIMELINE_LIMIT],
    );
    return rows.map((r) => {
      const kind = CUSTOMER_EVENTS[str(r.eventType)];
      return {
        type: str(r.eventType),
        title: kind?.title ?? '',
        note: kind?.note && r.note ? str(r.note) : null,
        time: iso(r.createdAt),
      };
    });
  }

  async orderMaterials(customerId: number, orderId: number): Promise<ErpObject | null> {
    const order = await this.order(customerId, orderId);
    if (!order) return null;
    const rows = await this.db.select(
      `SELECT ${ITEM_COLUMNS} FROM order_items i ${ITEM_JOINS} ` +
        'WHERE i.orderId = ? AND i.removedAt IS NULL ORDER BY i.sortOrder, i.id',
      [orderId],
    );
    const status = str(order.status) as OrderStatus;
    return {
      order_id: str(order.id),
      order_no: str(order.orderNo),
      status: erpOrderStatus(status),
      materials: rows.map((r) => toMaterial(r, status)),
    };
  }

  async materialProgress(customerId: number, materialId: number): Promise<ErpObject | null> {
    const [line] = await this.db.select(
      `SELECT ${ITEM_COLUMNS}, o.orderNo, o.status AS orderStatus FROM order_items i ` +
        `JOIN orders o ON o.id = i.orderId ${ITEM_JOINS} ` +
        'WHERE i.id = ? AND i.removedAt IS NULL AND o.customerId = ?',
      [materialId, customerId],
    );
    if (!line) return null;
    const factoryId = num(line.factoryId);
    const posts =
      factoryId === null
        ? []
        : await this.db.select(
            'SELECT id, type, status, description, startTime, completedTime, plannedTime, images, createdAt, updatedAt ' +
              'FROM order_progress WHERE orderId = ? AND factoryId = ? AND deletedAt IS NULL ORDER BY createdAt, id',
            [Number(line.orderId), factoryId],
          );
    return {
      ...toMaterial(line, str(line.orderStatus) as OrderStatus),
      order_id: str(line.orderId),
      order_no: str(line.orderNo),
      progress: posts.map((p) => {
        const images = parseImages(p.images);
        return {
          id: str(p.id),
          type: str(p.type),
          status: str(p.status),
          description: p.description === null || p.description === undefined ? null : String(p.description),
          start_time: iso(p.startTime),
          completed_time: iso(p.completedTime),
          planned_time: iso(p.plannedTime),
          images: images.map((i) => i.url),
          thumbnails: images.map((i) => i.thumbnailUrl ?? i.url),
          created_at: iso(p.createdAt),
          updated_at: iso(p.updatedAt),
        };
      }),
    };
  }

  /**
   * The customer that has (or had) this invite code, with its current code: a rotated code is still found here so
   * that the binding can answer "邀请码不匹配" rather than "邀请码无效". Codes are kept upper-case.
   */
  async findCompanyByInviteCode(inviteCode: string): Promise<ErpCompany | null> {
    const [row] = await this.db.select(
      'SELECT c.id, c.customerCode, c.customerName, cur.code AS currentCode FROM invite_codes ic ' +
        'JOIN customers c ON c.id = ic.targetId ' +
        "LEFT JOIN invite_codes cur ON cur.targetType = 'customer' AND cur.targetId = c.id AND cur.isActive = 1 " +
        "WHERE ic.code = ? AND ic.targetType = 'customer' AND c.deletedAt IS NULL",
      [inviteCode.trim().toUpperCase()],
    );
    return row
      ? {
          companyId: str(row.customerCode),
          companyName: str(row.customerName),
          customerId: str(row.id),
          inviteCode: str(row.currentCode),
        }
      : null;
  }

  /** The company of an order (which never changes), else null. */
  async customerOfOrder(orderId: number): Promise<string | null> {
    const [row] = await this.db.select('SELECT customerId FROM orders WHERE id = ?', [orderId]);
    return row ? str(row.customerId) : null;
  }

  private async order(customerId: number, orderId: number): Promise<RawRow | null> {
    const [row] = await this.db.select(
      'SELECT id, orderNo, customerName, status, createdAt, updatedAt, shippedAt, deliveredAt, completedAt, ' +
        'logisticsCompany, trackingNumber FROM orders WHERE id = ? AND customerId = ?',
      [orderId, customerId],
    );
    return row ?? null;
  }

  /** The current lines of these orders, in one query. */
  private async itemsOf(orderIds: number[]): Promise<Map<number, RawRow[]>> {
    const byOrder = new Map<number, RawRow[]>();
    if (orderIds.length === 0) return byOrder;
    const rows = await this.db.select(
      `SELECT id, orderId, productCode, deliveryStatus FROM order_items WHERE orderId IN (${orderIds.map(() => '?').join(', ')}) ` +
        'AND removedAt IS NULL ORDER BY orderId, sortOrder, id',
      orderIds,
    );
    for (const r of rows) {
      const list = byOrder.get(Number(r.orderId)) ?? [];
      list.push(r);
      byOrder.set(Number(r.orderId), list);
    }
    return byOrder;
  }
}
