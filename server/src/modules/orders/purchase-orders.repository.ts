import { Op, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { PurchaseOrderListQuery, PurchaseOrderStatus } from '@app/shared';
import {
  OrderCancelRequestModel,
  OrderItemModel,
  OrderModel,
  PurchaseOrderItemModel,
  PurchaseOrderModel,
} from '../../db/models';
import type { DataScope } from '../access/principal';
import { idOrNull } from './order-records';
import type { OrderChanges } from './orders.repository';

export interface PurchaseOrderItemRecord {
  id: number;
  purchaseOrderId: number;
  orderItemId: number;
  productName: string;
  quantity: string;
  unitPrice: string;
  subtotal: string;
  receivedAt: Date | null;
  receivedBy: number | null;
}

export interface PurchaseOrderRecord {
  id: number;
  poNo: string;
  orderId: number;
  factoryId: number;
  status: PurchaseOrderStatus;
  subtotal: string;
  shippingFee: string;
  total: string;
  receivedAt: Date | null;
  cancelledAt: Date | null;
  createdBy: number | null;
  createdAt: Date;
  items: PurchaseOrderItemRecord[];
}

export type PurchaseOrderWrite = Pick<
  PurchaseOrderRecord,
  'poNo' | 'orderId' | 'factoryId' | 'subtotal' | 'shippingFee' | 'total' | 'createdBy'
>;
export type PurchaseOrderItemWrite = Pick<
  PurchaseOrderItemRecord,
  'orderItemId' | 'productName' | 'quantity' | 'unitPrice' | 'subtotal'
>;

const nothing: WhereOptions = { [Op.and]: [{ [Op.or]: [] }] };
const ordersWhere = (column: 'salesId' | 'customerId', value: number): WhereOptions => ({
  orderId: { [Op.in]: literal(`(SELECT id FROM orders WHERE ${column} = ${Number(value)})`) },
});

/** A purchase order is seen by whoever sees its order; a factory sees its own purchase orders. */
export function purchaseOrderScopeWhere(scope: DataScope): WhereOptions {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'owner':
      return ordersWhere('salesId', scope.userId);
    case 'company':
      return ordersWhere('customerId', scope.customerId);
    case 'factory':
      return { factoryId: scope.factoryId };
    case 'none':
      return nothing;
  }
}

function toItemRecord(m: PurchaseOrderItemModel): PurchaseOrderItemRecord {
  return {
    id: Number(m.id),
    purchaseOrderId: Number(m.purchaseOrderId),
    orderItemId: Number(m.orderItemId),
    productName: m.productName,
    quantity: String(m.quantity),
    unitPrice: String(m.unitPrice),
    subtotal: String(m.subtotal),
    receivedAt: m.receivedAt ?? null,
    receivedBy: idOrNull(m.receivedBy),
  };
}

function toRecord(m: PurchaseOrderModel, items: PurchaseOrderItemRecord[]): PurchaseOrderRecord {
  return {
    id: Number(m.id),
    poNo: m.poNo,
    orderId: Number(m.orderId),
    factoryId: Number(m.factoryId),
    status: m.status as PurchaseOrderStatus,
    subtotal: String(m.subtotal),
    shippingFee: String(m.shippingFee),
    total: String(m.total),
    receivedAt: m.receivedAt ?? null,
    cancelledAt: m.cancelledAt ?? null,
    createdBy: idOrNull(m.createdBy),
    createdAt: m.createdAt,
    items,
  };
}

/** Purchase orders (one per supplying factory of an order, 002 §4), their lines, and the order lines they carry. */
export class PurchaseOrdersRepository {
  constructor(private readonly orders: OrderChanges) {}

  async create(po: PurchaseOrderWrite, items: PurchaseOrderItemWrite[], t: Transaction): Promise<number> {
    const row = await PurchaseOrderModel.create({ ...po, status: 'IN_PRODUCTION' }, { transaction: t });
    const id = Number(row.id);
    for (const item of items) await PurchaseOrderItemModel.create({ ...item, purchaseOrderId: id }, { transaction: t });
    return id;
  }

  /** How many purchase orders the order already has (cancelled ones too): the next number continues from it. */
  async countForOrder(orderId: number, t: Transaction): Promise<number> {
    return PurchaseOrderModel.count({ where: { orderId }, transaction: t });
  }

  async hasPendingCancel(orderId: number, t: Transaction): Promise<boolean> {
    return (await OrderCancelRequestModel.count({ where: { pendingOrderId: orderId }, transaction: t })) > 0;
  }

  /**
   * Gives order lines that are on no purchase order yet to a supplier (conditional UPDATE: of two concurrent splits
   * only one claims a line). Returns how many lines it claimed.
   */
  async claimLines(orderId: number, itemIds: readonly number[], supplierId: number, t: Transaction): Promise<number> {
    const [count] = await OrderItemModel.update(
      { supplierId, deliveryStatus: 'ORDERED' },
      {
        where: { id: { [Op.in]: [...itemIds] }, orderId, removedAt: null, purchaseOrderId: null },
        transaction: t,
      },
    );
    this.orders.changed(orderId, t);
    return count;
  }

  async linkLines(itemIds: readonly number[], purchaseOrderId: number, t: Transaction): Promise<void> {
    await OrderItemModel.update({ purchaseOrderId }, { where: { id: { [Op.in]: [...itemIds] } }, transaction: t });
    this.orders.changed(undefined, t);
  }

  /**
   * Locks the order row (SELECT … FOR UPDATE on MySQL; SQLite serialises writers anyway). Called first in a
   * transaction, it also makes every later read in it see what was committed before the lock was granted.
   */
  async lockOrder(orderId: number, t: Transaction): Promise<void> {
    await OrderModel.findOne({ where: { id: orderId }, attributes: ['id'], lock: t.LOCK.UPDATE, transaction: t });
  }

  async findById(id: number, scope: DataScope, t?: Transaction): Promise<PurchaseOrderRecord | null> {
    const row = await PurchaseOrderModel.findOne({
      where: { [Op.and]: [{ id }, purchaseOrderScopeWhere(scope)] },
      transaction: t,
    });
    return row ? (await this.withItems([row], t))[0] : null;
  }

  async listForOrder(orderId: number, t?: Transaction): Promise<PurchaseOrderRecord[]> {
    const rows = await PurchaseOrderModel.findAll({ where: { orderId }, order: [['id', 'ASC']], transaction: t });
    return this.withItems(rows, t);
  }

  /** Newest first. */
  async list(q: PurchaseOrderListQuery, scope: DataScope): Promise<{ rows: PurchaseOrderRecord[]; total: number }> {
    const where: WhereOptions[] = [purchaseOrderScopeWhere(scope)];
    if (q.factoryId !== undefined) where.push({ factoryId: q.factoryId });
    if (q.orderId !== undefined) where.push({ orderId: q.orderId });
    if (q.status) where.push({ status: q.status });
    const { rows, count } = await PurchaseOrderModel.findAndCountAll({
      where: { [Op.and]: where },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: await this.withItems(rows), total: count };
  }

  /** Marks lines of one purchase order received (only those not yet received). Returns how many it marked. */
  async markReceived(
    purchaseOrderId: number,
    orderItemIds: readonly number[],
    at: Date,
    by: number | null,
    t: Transaction,
  ): Promise<number> {
    const [count] = await PurchaseOrderItemModel.update(
      { receivedAt: at, receivedBy: by },
      { where: { purchaseOrderId, orderItemId: { [Op.in]: [...orderItemIds] }, receivedAt: null }, transaction: t },
    );
    return count;
  }

  /** Order lines whose goods arrived: IN_STOCK, unless they already went further. */
  async stockLines(orderId: number, orderItemIds: readonly number[], at: Date, t: Transaction): Promise<number> {
    const [count] = await OrderItemModel.update(
      { deliveryStatus: 'IN_STOCK', inStockAt: at },
      {
        where: {
          orderId,
          id: { [Op.in]: [...orderItemIds] },
          removedAt: null,
          deliveryStatus: { [Op.in]: ['PENDING', 'ORDERED'] },
        },
        transaction: t,
      },
    );
    this.orders.changed(orderId, t);
    return count;
  }

  async setStatus(id: number, status: PurchaseOrderStatus, receivedAt: Date | null, t: Transaction): Promise<void> {
    await PurchaseOrderModel.update({ status, receivedAt }, { where: { id }, transaction: t });
  }

  async orderNosOf(orderIds: readonly number[], t?: Transaction): Promise<Map<number, string>> {
    if (orderIds.length === 0) return new Map();
    const rows = await OrderModel.findAll({
      where: { id: { [Op.in]: [...new Set(orderIds)] } },
      attributes: ['id', 'orderNo'],
      transaction: t,
    });
    return new Map(rows.map((r) => [Number(r.id), r.orderNo]));
  }

  private async withItems(rows: PurchaseOrderModel[], t?: Transaction): Promise<PurchaseOrderRecord[]> {
    if (rows.length === 0) return [];
    const items = await PurchaseOrderItemModel.findAll({
      where: { purchaseOrderId: { [Op.in]: rows.map((r) => Number(r.id)) } },
      order: [['id', 'ASC']],
      transaction: t,
    });
    const byPo = new Map<number, PurchaseOrderItemRecord[]>();
    for (const item of items.map(toItemRecord)) {
      byPo.set(item.purchaseOrderId, [...(byPo.get(item.purchaseOrderId) ?? []), item]);
    }
    return rows.map((r) => toRecord(r, byPo.get(Number(r.id)) ?? []));
  }
}
