import type { Transaction } from 'sequelize';
import type { Approve, ChangeRequestCreate, ChangeRequestDto, ErrorCode, OrderStatus, Reject } from '@app/shared';
import { AppError } from '../../http/app-error';
import { fromCents } from '../../platform/money';
import { scopeFor, type Principal } from '../access/principal';
import type { ProductsRepository } from '../products/products.repository';
import {
  DuplicatePendingRequestError,
  OrderChangeRequestsRepository,
  type ChangeLine,
  type ChangeRequestRecord,
} from './order-change-requests.repository';
import {
  assertChangeShape,
  lineOf,
  MAX_TOTAL_CENTS,
  priceDifference,
  priceNewItems,
  signedCents,
} from './order-change-lines';
import type { OrderRecord } from './order-records';
import {
  toChangeRequestDto,
  toRejectedDto,
  type ChangeApproved,
  type ChangeRequestCreated,
  type RequestRejected,
} from './order-requests.mapper';
import type { OrderChange, OrderWorkflow } from './order-workflow';

/** 002 §7.1: lines change only before the purchase orders exist. */
const CHANGEABLE: readonly OrderStatus[] = ['PENDING_PO', 'PENDING_CONFIRMATION'];

export function assertChangeable(order: OrderRecord): void {
  if (CHANGEABLE.includes(order.status)) return;
  throw new AppError('ORDER_INVALID_STATUS', `订单状态为 ${order.status}，仅待确认深化图、待下采购单的订单可变更`, {
    status: order.status,
    allowed: CHANGEABLE,
  });
}

export const lockedError = (o: OrderRecord) =>
  new AppError('ORDER_LOCKED', `订单已锁定${o.lockReason ? `（${o.lockReason}）` : ''}，请先解锁`, {
    lockedBy: o.lockedBy,
    lockedAt: o.lockedAt?.toISOString() ?? null,
  });

/**
 * Runs `fn` on a request's order, in the caller's scope, in one transaction (locked orders let in: each decision
 * decides itself). A request whose order the caller cannot see answers `notFound`, as a missing one.
 */
export async function onRequestOrder<R extends { orderId: number }, T>(
  flow: OrderWorkflow,
  principal: Principal,
  find: () => Promise<R | null>,
  notFound: ErrorCode,
  fn: (c: OrderChange, request: R) => Promise<T>,
): Promise<T> {
  const request = await find();
  if (!request) throw new AppError(notFound);
  return flow
    .run(principal, request.orderId, (c) => fn(c, request), { allowLocked: true })
    .catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'ORDER_NOT_FOUND') throw new AppError(notFound);
      throw err;
    });
}

type Products = Pick<ProductsRepository, 'findById' | 'categoryCodes'>;

/** 002 §7: change requests of an order's lines, approved (and then applied) or rejected by a store manager. */
export class OrderChangeService {
  constructor(
    private readonly flow: OrderWorkflow,
    private readonly products: Products,
    readonly requests = new OrderChangeRequestsRepository(),
  ) {}

  async create(principal: Principal, orderId: number, input: ChangeRequestCreate): Promise<ChangeRequestCreated> {
    assertChangeShape(input);
    const priced = priceNewItems(input.newItems);
    return this.flow.run(principal, orderId, async (c) => {
      assertChangeable(c.order);
      const current = await this.flow.d.items.listFor(c.order.id, c.t);
      const byId = new Map(current.map((i) => [i.id, i]));
      const originals = input.originalItems.map((o) => {
        const line = byId.get(o.id ?? 0);
        if (!line) throw new AppError('ORDER_ITEM_NOT_FOUND', `订单明细 ${o.id} 不存在或已删除`, { id: o.id });
        return lineOf(line);
      });
      if (current.length - originals.length + priced.length === 0) {
        throw new AppError('INVALID_CHANGE_TYPE', '不能删除订单的全部明细，如需取消订单请撤单');
      }
      const newItems = await this.withProducts(priced, originals, c.t);
      const diff = priceDifference(originals, newItems);
      const created = await this.requests
        .create(
          {
            orderId: c.order.id,
            changeType: input.changeType,
            changeReason: input.changeReason,
            originalItems: originals,
            newItems,
            priceDifference: diff,
            requestedBy: c.by,
            createdAt: c.now,
          },
          c.t,
        )
        .catch((err: unknown) => {
          if (err instanceof DuplicatePendingRequestError) {
            throw new AppError('REQUEST_ALREADY_PENDING', '该订单已有待审批的变更请求，请先审批或拒绝');
          }
          throw err;
        });
      await this.flow.record(c, 'change_requested', input.changeReason, {
        changeRequestId: created.id,
        changeType: input.changeType,
        priceDifference: diff,
      });
      const { id, changeType, status, createdAt } = created;
      return {
        id,
        orderId: c.order.id,
        orderNo: c.order.orderNo,
        changeType,
        priceDifference: diff,
        status,
        createdAt: createdAt.toISOString(),
      };
    });
  }

  async list(principal: Principal, orderId: number): Promise<{ items: ChangeRequestDto[] }> {
    const order = await this.flow.mustFind(orderId, scopeFor(principal));
    const rows = await this.requests.listFor(order.id);
    const names = await this.flow.d.users.displayNames(
      rows.flatMap((r) => (r.approvedBy === null ? [] : [r.approvedBy])),
    );
    return { items: rows.map((r) => toChangeRequestDto(r, order.orderNo, names)) };
  }

  /** 7.3: approve and apply in one transaction; `approved: false` rejects. */
  async approve(principal: Principal, id: number, input: Approve): Promise<ChangeApproved | RequestRejected> {
    if (!input.approved) return this.reject(principal, id, { rejectionReason: input.rejectionReason ?? '' });
    return this.onRequest(principal, id, async (c, request) => {
      const decided = await this.requests.decide(
        request.id,
        { status: 'APPROVED', approvedBy: c.by, approvedAt: c.now, appliedAt: c.now },
        c.t,
      );
      if (!decided) throw new AppError('CHANGE_REQUEST_ALREADY_PROCESSED');
      if (c.order.isLocked) throw lockedError(c.order);
      assertChangeable(c.order);
      const applied = await this.apply(c, request);
      await this.flow.record(c, 'change_approved', request.changeReason, { changeRequestId: request.id, ...applied });
      const at = c.now.toISOString();
      return { id: request.id, status: 'APPROVED', approvedBy: c.by, approvedAt: at, appliedAt: at };
    });
  }

  /** 7.4. */
  async reject(principal: Principal, id: number, input: Reject): Promise<RequestRejected> {
    return this.onRequest(principal, id, async (c, request) => {
      const reason = input.rejectionReason;
      const decision = { status: 'REJECTED', rejectedBy: c.by, rejectedAt: c.now, rejectionReason: reason } as const;
      if (!(await this.requests.decide(request.id, decision, c.t)))
        throw new AppError('CHANGE_REQUEST_ALREADY_PROCESSED');
      await this.flow.record(c, 'change_rejected', reason, { changeRequestId: request.id });
      return toRejectedDto(request.id, c.by, c.now, reason);
    });
  }

  /** Rejects the order's pending request, if any, in the caller's transaction (the order was cancelled). */
  async closePending(c: OrderChange, reason: string): Promise<void> {
    const pending = await this.requests.pendingFor(c.order.id, c.t);
    if (!pending) return;
    await this.requests.decide(
      pending.id,
      { status: 'REJECTED', rejectedBy: c.by, rejectedAt: c.now, rejectionReason: reason },
      c.t,
    );
    await this.flow.record(c, 'change_rejected', reason, { changeRequestId: pending.id, automatic: true });
  }

  private onRequest<T>(principal: Principal, id: number, fn: (c: OrderChange, r: ChangeRequestRecord) => Promise<T>) {
    return onRequestOrder(this.flow, principal, () => this.requests.findById(id), 'CHANGE_REQUEST_NOT_FOUND', fn);
  }

  /** Removes the original lines, adds the new ones after the last, and moves the order total by the difference. */
  private async apply(c: OrderChange, request: ChangeRequestRecord) {
    const { items, orders } = this.flow.d;
    const current = await items.listFor(c.order.id, c.t);
    const currentIds = new Set(current.map((i) => i.id));
    const removedIds = request.originalItems.map((o) => o.id ?? 0);
    const gone = removedIds.filter((i) => !currentIds.has(i));
    if (gone.length > 0)
      throw new AppError('ORDER_ITEM_NOT_FOUND', `原明细 ${gone.join('、')} 已不在订单中，请拒绝后重新申请`);
    if ((await items.remove(removedIds, c.now, c.t)) !== removedIds.length) throw new AppError('ORDER_ITEM_NOT_FOUND');
    const last = current.reduce((m, i) => Math.max(m, i.sortOrder), -1);
    const addedIds = await items.createMany(
      request.newItems.map((l, k) => ({
        ...l,
        orderId: c.order.id,
        quotationItemId: null,
        deliveryStatus: 'PENDING' as const,
        sortOrder: last + 1 + k,
      })),
      c.t,
    );
    const before = signedCents(c.order.totalAmount);
    const after = before + signedCents(request.priceDifference);
    if (after < 0n) throw new AppError('VALIDATION_ERROR', `变更后订单金额为 ${fromCents(after)}，不能为负`);
    if (after >= MAX_TOTAL_CENTS) throw new AppError('VALIDATION_ERROR', '变更后订单金额超出范围');
    // A status-guarded UPDATE (same status): the order must still be changeable and unlocked at this instant.
    const patch = { totalAmount: fromCents(after), updatedBy: c.by };
    const ok = await orders.transition(c.order, c.order.status, patch, c.t, { unlocked: true });
    if (!ok) throw new AppError('ORDER_INVALID_STATUS', '订单状态已被他人修改，请刷新后重试');
    const diff = fromCents(signedCents(request.priceDifference));
    return {
      priceDifference: diff,
      totalBefore: fromCents(before),
      totalAfter: fromCents(after),
      removedIds,
      addedIds,
    };
  }

  /** Product fields of new lines: from the product when `productId` is given, else from a same-named original. */
  private async withProducts(lines: ChangeLine[], originals: ChangeLine[], t: Transaction): Promise<ChangeLine[]> {
    const ids = [...new Set(lines.flatMap((l) => (l.productId === null ? [] : [l.productId])))];
    const categories = await this.products.categoryCodes(ids, t);
    const out: ChangeLine[] = [];
    for (const line of lines) {
      if (line.productId === null) {
        const same = originals.find((o) => o.productName === line.productName);
        const { productId = null, productCode = null, category = null, unit = null } = same ?? {};
        out.push({
          ...line,
          productId,
          productCode,
          category,
          unit,
          roomName: line.roomName ?? same?.roomName ?? null,
        });
        continue;
      }
      const p = await this.products.findById(line.productId, t);
      if (!p) throw new AppError('PRODUCT_INVALID', `产品 ${line.productId} 不存在`);
      if (p.status !== 'active' && !originals.some((o) => o.productId === p.id)) {
        throw new AppError('PRODUCT_NOT_AVAILABLE', `产品 ${p.productName} 未上架，不能加入订单`);
      }
      out.push({ ...line, productCode: p.productCode, category: categories.get(p.id) ?? null, unit: p.unit });
    }
    return out;
  }
}
