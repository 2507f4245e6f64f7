import type {
  OrderStatus,
  Page,
  PurchaseOrder,
  PurchaseOrderListQuery,
  PurchaseOrderReceive,
  PurchaseOrderStatus,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import { formatMoney } from '../../platform/money';
import { scopeFor, type Principal } from '../access/principal';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { OrderChange, OrderWorkflow } from './order-workflow';
import type {
  PurchaseOrderItemRecord,
  PurchaseOrderRecord,
  PurchaseOrdersRepository,
} from './purchase-orders.repository';

export interface PurchaseOrderReceived {
  purchaseOrder: PurchaseOrder;
  orderStatus: OrderStatus;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toPurchaseOrderDto(
  po: PurchaseOrderRecord,
  orderNo: string,
  supplierName: string | null,
): PurchaseOrder {
  return {
    id: po.id,
    poNo: po.poNo,
    orderId: po.orderId,
    orderNo,
    supplierId: po.factoryId,
    supplierName,
    status: po.status,
    subtotal: formatMoney(po.subtotal),
    shippingFee: formatMoney(po.shippingFee),
    total: formatMoney(po.total),
    items: po.items.map((i) => ({
      id: i.id,
      itemId: i.orderItemId,
      productName: i.productName,
      quantity: Number(i.quantity),
      unitPrice: formatMoney(i.unitPrice),
      subtotal: formatMoney(i.subtotal),
      received: i.receivedAt !== null,
      receivedAt: iso(i.receivedAt),
    })),
    receivedAt: iso(po.receivedAt),
    createdAt: po.createdAt.toISOString(),
  };
}

/** The purchase order lines a receipt names (absent: all); a line not on this purchase order is refused. */
function linesToReceive(po: PurchaseOrderRecord, itemIds: number[] | undefined): PurchaseOrderItemRecord[] {
  if (itemIds === undefined) return po.items;
  const onPo = new Map(po.items.map((i) => [i.orderItemId, i]));
  const foreign = [...new Set(itemIds)].filter((id) => !onPo.has(id));
  if (foreign.length > 0) {
    throw new AppError(
      'ORDER_ITEM_NOT_FOUND',
      `以下订单明细不在采购单 ${po.poNo} 上：${foreign.join(', ')}`,
      foreign.map((itemId) => ({ itemId })),
    );
  }
  return po.items.filter((i) => itemIds.includes(i.orderItemId));
}

/**
 * Purchase orders: reads (in the caller's order scope) and receiving goods. Receiving is a fact from outside: it
 * applies to a locked or halted order too; when every line of an order in production is in stock, the order moves
 * on to PENDING_DELIVERY in the same transaction (a halted one does so when it resumes).
 */
export class PurchaseOrdersService {
  constructor(
    private readonly flow: OrderWorkflow,
    private readonly repo: PurchaseOrdersRepository,
    private readonly factories: Pick<FactoriesRepository, 'namesOf'>,
  ) {}

  async listForOrder(principal: Principal, orderId: number): Promise<PurchaseOrder[]> {
    const order = await this.flow.mustFind(orderId, scopeFor(principal));
    return this.toDtos(await this.repo.listForOrder(order.id));
  }

  async list(principal: Principal, q: PurchaseOrderListQuery): Promise<Page<PurchaseOrder>> {
    const { rows, total } = await this.repo.list(q, scopeFor(principal));
    return toPage(await this.toDtos(rows), total, q);
  }

  async receive(principal: Principal, id: number, input: PurchaseOrderReceive): Promise<PurchaseOrderReceived> {
    const scope = scopeFor(principal);
    const known = await this.repo.findById(id, scope);
    if (!known) throw new AppError('PURCHASE_ORDER_NOT_FOUND');
    const { d } = this.flow;
    const done = await d.db.transaction(async (t) => {
      // First: receipts of one order queue here, and what they read next is current.
      await this.repo.lockOrder(known.orderId, t);
      const po = await this.repo.findById(id, scope, t);
      if (!po) throw new AppError('PURCHASE_ORDER_NOT_FOUND');
      if (po.status === 'CANCELLED') {
        throw new AppError('PURCHASE_ORDER_WRONG_STATE', `采购单 ${po.poNo} 已取消，不能收货`, { status: po.status });
      }
      const order = await this.flow.mustFind(po.orderId, { kind: 'all' }, t);
      const c: OrderChange = { order, t, now: d.clock.now(), by: principal.userId };
      const fresh = linesToReceive(po, input.itemIds).filter((i) => i.receivedAt === null);
      if (fresh.length > 0) await this.markReceived(c, po, fresh);
      await this.advanceIfAllInStock(c);
      const after = await this.repo.findById(id, { kind: 'all' }, t);
      return { po: after ?? po, orderStatus: c.order.status };
    });
    const [purchaseOrder] = await this.toDtos([done.po]);
    return { purchaseOrder, orderStatus: done.orderStatus };
  }

  private async markReceived(c: OrderChange, po: PurchaseOrderRecord, lines: PurchaseOrderItemRecord[]) {
    const itemIds = lines.map((i) => i.orderItemId);
    await this.repo.markReceived(po.id, itemIds, c.now, c.by, c.t);
    await this.repo.stockLines(c.order.id, itemIds, c.now, c.t);
    const pending = po.items.filter((i) => i.receivedAt === null && !itemIds.includes(i.orderItemId));
    const status: PurchaseOrderStatus = pending.length === 0 ? 'RECEIVED' : 'PARTIALLY_RECEIVED';
    await this.repo.setStatus(po.id, status, status === 'RECEIVED' ? c.now : null, c.t);
    await this.flow.record(
      c,
      'goods_received',
      `采购单 ${po.poNo} 到货入库：${lines.map((i) => i.productName).join('、')}`,
      {
        purchaseOrderId: po.id,
        poNo: po.poNo,
        itemIds,
        purchaseOrderStatus: status,
      },
    );
  }

  /** An order in production whose every line is in stock is ready to deliver (a locked one too: goods are facts). */
  private async advanceIfAllInStock(c: OrderChange): Promise<void> {
    if (c.order.status !== 'PENDING_PRODUCTION') return;
    const lines = await this.flow.d.items.listFor(c.order.id, c.t);
    if (lines.length === 0 || !lines.every((l) => l.deliveryStatus === 'IN_STOCK')) return;
    await this.flow.transition(c, 'all_received', {}, { note: '全部商品已入库' }, { allowLocked: true });
  }

  private async toDtos(rows: PurchaseOrderRecord[]): Promise<PurchaseOrder[]> {
    const [orderNos, names] = await Promise.all([
      this.repo.orderNosOf(rows.map((r) => r.orderId)),
      this.factories.namesOf(rows.map((r) => r.factoryId)),
    ]);
    return rows.map((r) => toPurchaseOrderDto(r, orderNos.get(r.orderId) ?? '', names.get(r.factoryId) ?? null));
  }
}
