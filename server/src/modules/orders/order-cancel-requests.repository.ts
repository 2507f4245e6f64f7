import { Op, type Transaction } from 'sequelize';
import type { OrderStatus, RequestStatus } from '@app/shared';
import { OrderCancelRequestModel, PurchaseOrderModel } from '../../db/models';
import { decisionValues, insertPending, type RequestDecision } from './order-change-requests.repository';
import { idOrNull } from './order-records';

export type CancelType = 'FULL' | 'PARTIAL';

export interface CancelRequestRecord {
  id: number;
  orderId: number;
  cancelType: CancelType;
  cancelReason: string;
  /** The order's status when the request was made. */
  orderStatus: OrderStatus;
  status: RequestStatus;
  requestedBy: number | null;
  approvedBy: number | null;
  approvedAt: Date | null;
  rejectedBy: number | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  createdAt: Date;
}

export interface CancelRequestWrite {
  orderId: number;
  cancelType: CancelType;
  cancelReason: string;
  orderStatus: OrderStatus;
  requestedBy: number | null;
  createdAt: Date;
}

function toRecord(m: OrderCancelRequestModel): CancelRequestRecord {
  const r = m.get({ plain: true });
  return {
    id: Number(r.id),
    orderId: Number(r.orderId),
    cancelType: r.cancelType as CancelType,
    cancelReason: r.cancelReason,
    orderStatus: r.orderStatus as OrderStatus,
    status: r.status as RequestStatus,
    requestedBy: idOrNull(r.requestedBy),
    approvedBy: idOrNull(r.approvedBy),
    approvedAt: r.approvedAt ?? null,
    rejectedBy: idOrNull(r.rejectedBy),
    rejectedAt: r.rejectedAt ?? null,
    rejectionReason: r.rejectionReason ?? null,
    createdAt: r.createdAt,
  };
}

/** Purchase orders that still wait for goods: cancelled with their order. */
const OPEN_PURCHASE_ORDER = ['IN_PRODUCTION', 'PARTIALLY_RECEIVED'];

/**
 * Cancel requests of orders (002 §8), at most one PENDING per order (the database's unique key decides), and the
 * purchase orders an approved cancel closes.
 */
export class OrderCancelRequestsRepository {
  /** A new PENDING request; `DuplicatePendingRequestError` when the order already has one. */
  async create(data: CancelRequestWrite, t: Transaction): Promise<CancelRequestRecord> {
    const row = await insertPending(() =>
      OrderCancelRequestModel.create(
        { ...data, status: 'PENDING', pendingOrderId: data.orderId, updatedAt: data.createdAt },
        { transaction: t },
      ),
    );
    return toRecord(row);
  }

  async findById(id: number, t?: Transaction): Promise<CancelRequestRecord | null> {
    const row = await OrderCancelRequestModel.findByPk(id, { transaction: t });
    return row ? toRecord(row) : null;
  }

  /** The order's requests, newest first. */
  async listFor(orderId: number): Promise<CancelRequestRecord[]> {
    const rows = await OrderCancelRequestModel.findAll({ where: { orderId }, order: [['id', 'DESC']] });
    return rows.map(toRecord);
  }

  /** The order's pending request, if any. */
  async pendingFor(orderId: number, t?: Transaction): Promise<CancelRequestRecord | null> {
    const row = await OrderCancelRequestModel.findOne({ where: { pendingOrderId: orderId }, transaction: t });
    return row ? toRecord(row) : null;
  }

  /** Whether the order waits for a cancel decision (split and delivery refuse it: CANCEL_APPROVAL_REQUIRED). */
  async hasPending(orderId: number, t?: Transaction): Promise<boolean> {
    return (await OrderCancelRequestModel.count({ where: { pendingOrderId: orderId }, transaction: t })) > 0;
  }

  /** PENDING → the decision, only if still PENDING (of concurrent decisions exactly one gets true). */
  async decide(id: number, decision: RequestDecision, t: Transaction): Promise<boolean> {
    const [count] = await OrderCancelRequestModel.update(decisionValues(decision), {
      where: { id, status: 'PENDING' },
      transaction: t,
    });
    return count === 1;
  }

  /** Every purchase order of the order not yet received (nor cancelled) → CANCELLED. Returns their ids. */
  async cancelOpenPurchaseOrders(orderId: number, at: Date, t: Transaction): Promise<number[]> {
    const where = { orderId, status: { [Op.in]: OPEN_PURCHASE_ORDER } };
    const open = await PurchaseOrderModel.findAll({ attributes: ['id'], where, transaction: t });
    if (open.length === 0) return [];
    const ids = open.map((p) => Number(p.id));
    await PurchaseOrderModel.update(
      { status: 'CANCELLED', cancelledAt: at, updatedAt: at },
      { where: { ...where, id: { [Op.in]: ids } }, transaction: t },
    );
    return ids;
  }
}
