import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { ChangeType, RequestStatus } from '@app/shared';
import { OrderChangeRequestModel } from '../../db/models';
import { idOrNull } from './order-records';

/**
 * One order line as a change request keeps it (JSON): money and sizes as decimal strings. Original lines carry
 * their `id`; new lines have none until the request is applied.
 */
export interface ChangeLine {
  id?: number;
  productId: number | null;
  productCode: string | null;
  productName: string;
  category: string | null;
  roomName: string | null;
  unit: string | null;
  unitPrice: string;
  quantity: string;
  width: string | null;
  height: string | null;
  subtotal: string;
}

/** Who decided a request, and how; the UPDATE applies it only to a request still PENDING. */
export type RequestDecision =
  | { status: 'APPROVED'; approvedBy: number | null; approvedAt: Date; appliedAt?: Date }
  | { status: 'REJECTED'; rejectedBy: number | null; rejectedAt: Date; rejectionReason: string };

interface DecisionFields {
  status: RequestStatus;
  requestedBy: number | null;
  approvedBy: number | null;
  approvedAt: Date | null;
  rejectedBy: number | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  createdAt: Date;
}

export interface ChangeRequestRecord extends DecisionFields {
  id: number;
  orderId: number;
  changeType: ChangeType;
  changeReason: string;
  originalItems: ChangeLine[];
  newItems: ChangeLine[];
  /** Signed decimal string ("-15.50"): DECIMAL arrives as a string (MySQL) or a number (SQLite). */
  priceDifference: string;
  appliedAt: Date | null;
}

export interface ChangeRequestWrite {
  orderId: number;
  changeType: ChangeType;
  changeReason: string;
  originalItems: ChangeLine[];
  newItems: ChangeLine[];
  priceDifference: string;
  requestedBy: number | null;
  createdAt: Date;
}

/** Thrown when the unique key on `pendingOrderId` refuses a second pending request for one order. */
export class DuplicatePendingRequestError extends Error {}

/** Inserts a row, turning the pending-request unique key into `DuplicatePendingRequestError`. */
export async function insertPending<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (err) {
    // `pendingOrderId` is the table's only unique key besides the primary key.
    if (err instanceof UniqueConstraintError) throw new DuplicatePendingRequestError();
    throw err;
  }
}

/** The columns a decision writes: the request leaves PENDING, so its order may have a new pending one. */
export function decisionValues(d: RequestDecision) {
  return d.status === 'APPROVED'
    ? { status: d.status, pendingOrderId: null, approvedBy: d.approvedBy, approvedAt: d.approvedAt }
    : {
        status: d.status,
        pendingOrderId: null,
        rejectedBy: d.rejectedBy,
        rejectedAt: d.rejectedAt,
        rejectionReason: d.rejectionReason,
      };
}

function parseLines(raw: string): ChangeLine[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? (value as ChangeLine[]) : [];
  } catch {
    return [];
  }
}

function toRecord(m: OrderChangeRequestModel): ChangeRequestRecord {
  const r = m.get({ plain: true });
  return {
    id: Number(r.id),
    orderId: Number(r.orderId),
    changeType: r.changeType as ChangeType,
    changeReason: r.changeReason,
    originalItems: parseLines(r.originalItems),
    newItems: parseLines(r.newItems),
    priceDifference: String(r.priceDifference),
    appliedAt: r.appliedAt ?? null,
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

/** Change requests of orders (002 §7). At most one PENDING per order: the database's unique key decides. */
export class OrderChangeRequestsRepository {
  /** A new PENDING request; `DuplicatePendingRequestError` when the order already has one. */
  async create(data: ChangeRequestWrite, t: Transaction): Promise<ChangeRequestRecord> {
    const row = await insertPending(() =>
      OrderChangeRequestModel.create(
        {
          ...data,
          originalItems: JSON.stringify(data.originalItems),
          newItems: JSON.stringify(data.newItems),
          status: 'PENDING',
          pendingOrderId: data.orderId,
          updatedAt: data.createdAt,
        },
        { transaction: t },
      ),
    );
    return toRecord(row);
  }

  async findById(id: number, t?: Transaction): Promise<ChangeRequestRecord | null> {
    const row = await OrderChangeRequestModel.findByPk(id, { transaction: t });
    return row ? toRecord(row) : null;
  }

  /** The order's requests, newest first. */
  async listFor(orderId: number): Promise<ChangeRequestRecord[]> {
    const rows = await OrderChangeRequestModel.findAll({ where: { orderId }, order: [['id', 'DESC']] });
    return rows.map(toRecord);
  }

  /** The order's pending request, if any. */
  async pendingFor(orderId: number, t: Transaction): Promise<ChangeRequestRecord | null> {
    const row = await OrderChangeRequestModel.findOne({ where: { pendingOrderId: orderId }, transaction: t });
    return row ? toRecord(row) : null;
  }

  /** PENDING → the decision, only if still PENDING (of concurrent decisions exactly one gets true). */
  async decide(id: number, decision: RequestDecision, t: Transaction): Promise<boolean> {
    const values = decisionValues(decision);
    const appliedAt = decision.status === 'APPROVED' ? (decision.appliedAt ?? null) : null;
    const [count] = await OrderChangeRequestModel.update(
      { ...values, appliedAt },
      { where: { id, status: 'PENDING' }, transaction: t },
    );
    return count === 1;
  }
}
