import type { Approve, CancelRequestDto, OrderCancel, Reject } from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import { OrderCancelRequestsRepository, type CancelRequestRecord } from './order-cancel-requests.repository';
import { DuplicatePendingRequestError } from './order-change-requests.repository';
import { lockedError, onRequestOrder, type OrderChangeService } from './order-change.service';
import {
  toCancelRequestDto,
  toRejectedDto,
  type CancelApproved,
  type OrderCancelResult,
  type RequestRejected,
} from './order-requests.mapper';
import { canTransition } from './order-status';
import type { OrderChange, OrderWorkflow } from './order-workflow';

const CHANGES_CLOSED = '订单已撤单，变更请求自动关闭';

/**
 * 002 §8: an order waiting for its purchase orders (PENDING_PO) is cancelled at once; an order further along (or
 * halted) gets a cancel request that a store manager approves (the order becomes CANCELLED and its purchase orders
 * not yet received are cancelled) or rejects. Shipped, delivered, completed and cancelled orders cannot be cancelled.
 */
export class OrderCancelService {
  constructor(
    private readonly flow: OrderWorkflow,
    private readonly changes: OrderChangeService,
    readonly requests = new OrderCancelRequestsRepository(),
  ) {}

  /** 8.1. */
  async cancel(principal: Principal, id: number, input: OrderCancel): Promise<OrderCancelResult> {
    return this.flow.run(principal, id, async (c) => {
      if (canTransition('cancel', c.order.status)) return this.cancelNow(c, input);
      if (canTransition('request_cancel', c.order.status)) return this.requestCancel(c, input);
      throw new AppError('CANNOT_CANCEL_ORDER', `订单状态为 ${c.order.status}，不能撤单`, { status: c.order.status });
    });
  }

  async list(principal: Principal, orderId: number): Promise<{ items: CancelRequestDto[] }> {
    const order = await this.flow.mustFind(orderId, scopeFor(principal));
    const rows = await this.requests.listFor(order.id);
    const names = await this.flow.d.users.displayNames(
      rows.flatMap((r) => (r.approvedBy === null ? [] : [r.approvedBy])),
    );
    return { items: rows.map((r) => toCancelRequestDto(r, order.orderNo, names)) };
  }

  /** Approves (the order is cancelled in the same transaction) or, with `approved: false`, rejects. */
  async approve(principal: Principal, id: number, input: Approve): Promise<CancelApproved | RequestRejected> {
    if (!input.approved) return this.reject(principal, id, { rejectionReason: input.rejectionReason ?? '' });
    return this.onRequest(principal, id, async (c, request) => {
      const decision = { status: 'APPROVED', approvedBy: c.by, approvedAt: c.now } as const;
      if (!(await this.requests.decide(request.id, decision, c.t))) {
        throw new AppError('CANCEL_REQUEST_ALREADY_PROCESSED');
      }
      if (c.order.isLocked) throw lockedError(c.order);
      if (!canTransition('approve_cancel', c.order.status)) {
        throw new AppError('ORDER_INVALID_STATUS', `订单状态已变为 ${c.order.status}，不能再撤单；请拒绝此撤单申请`, {
          status: c.order.status,
        });
      }
      const cancelledPurchaseOrderIds = await this.requests.cancelOpenPurchaseOrders(c.order.id, c.now, c.t);
      await this.flow.transition(
        c,
        'approve_cancel',
        { ...this.cancelled(c, request), cancelledBy: c.by },
        {
          type: 'cancel_approved',
          note: request.cancelReason,
          data: { cancelRequestId: request.id, cancelType: request.cancelType, cancelledPurchaseOrderIds },
        },
      );
      await this.changes.closePending(c, CHANGES_CLOSED);
      return {
        id: request.id,
        status: 'APPROVED',
        approvedBy: c.by,
        approvedAt: c.now.toISOString(),
        orderId: c.order.id,
        orderStatus: c.order.status,
        cancelledPurchaseOrderIds,
      };
    });
  }

  async reject(principal: Principal, id: number, input: Reject): Promise<RequestRejected> {
    return this.onRequest(principal, id, async (c, request) => {
      const reason = input.rejectionReason;
      const decision = { status: 'REJECTED', rejectedBy: c.by, rejectedAt: c.now, rejectionReason: reason } as const;
      if (!(await this.requests.decide(request.id, decision, c.t))) {
        throw new AppError('CANCEL_REQUEST_ALREADY_PROCESSED');
      }
      await this.flow.record(c, 'cancel_rejected', reason, { cancelRequestId: request.id });
      return toRejectedDto(request.id, c.by, c.now, reason);
    });
  }

  /**
   * PENDING_PO → CANCELLED now. A cancel request still pending (made while the order was halted, before it resumed
   * to PENDING_PO) is fulfilled by this: it is closed as APPROVED by whoever cancelled.
   */
  private async cancelNow(c: OrderChange, input: OrderCancel): Promise<OrderCancelResult> {
    const pending = await this.requests.pendingFor(c.order.id, c.t);
    if (pending)
      await this.requests.decide(pending.id, { status: 'APPROVED', approvedBy: c.by, approvedAt: c.now }, c.t);
    const cancelledPurchaseOrderIds = await this.requests.cancelOpenPurchaseOrders(c.order.id, c.now, c.t);
    await this.flow.transition(
      c,
      'cancel',
      { ...this.cancelled(c, input), cancelledBy: c.by },
      {
        type: 'cancelled',
        note: input.cancelReason,
        data: { cancelType: input.cancelType, cancelRequestId: pending?.id ?? null, cancelledPurchaseOrderIds },
      },
    );
    await this.changes.closePending(c, CHANGES_CLOSED);
    return {
      id: c.order.id,
      status: c.order.status,
      cancelReason: input.cancelReason,
      cancelledBy: c.by,
      cancelledAt: c.now.toISOString(),
      approvalRequired: false,
      cancelRequestId: null,
    };
  }

  /** Later states: a PENDING request (one per order, decided by the unique key); the order is unchanged. */
  private async requestCancel(c: OrderChange, input: OrderCancel): Promise<OrderCancelResult> {
    const created = await this.requests
      .create(
        {
          orderId: c.order.id,
          cancelType: input.cancelType,
          cancelReason: input.cancelReason,
          orderStatus: c.order.status,
          requestedBy: c.by,
          createdAt: c.now,
        },
        c.t,
      )
      .catch((err: unknown) => {
        if (err instanceof DuplicatePendingRequestError) {
          throw new AppError('REQUEST_ALREADY_PENDING', '该订单已有待审批的撤单申请，请等待店长审批');
        }
        throw err;
      });
    await this.flow.record(c, 'cancel_requested', input.cancelReason, {
      cancelRequestId: created.id,
      cancelType: input.cancelType,
      orderStatus: c.order.status,
    });
    return {
      id: c.order.id,
      status: c.order.status,
      cancelReason: input.cancelReason,
      cancelledBy: null,
      cancelledAt: null,
      approvalRequired: true,
      cancelRequestId: created.id,
    };
  }

  private cancelled(c: OrderChange, source: Pick<CancelRequestRecord, 'cancelReason' | 'cancelType'>) {
    return { cancelReason: source.cancelReason, cancelType: source.cancelType, cancelledAt: c.now, closedAt: c.now };
  }

  private onRequest<T>(principal: Principal, id: number, fn: (c: OrderChange, r: CancelRequestRecord) => Promise<T>) {
    return onRequestOrder(this.flow, principal, () => this.requests.findById(id), 'CANCEL_REQUEST_NOT_FOUND', fn);
  }
}
