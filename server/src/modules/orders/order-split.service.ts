import type { Transaction } from 'sequelize';
import type { SplitConfirm, SplitPlan, SplitPreview, SplitResult } from '@app/shared';
import { AppError } from '../../http/app-error';
import { apportion, formatMoney, fromCents, percentOf, toCents, toHundredths } from '../../platform/money';
import type { Principal } from '../access/principal';
import type { FactoriesRepository, FactoryRecord } from '../factories/factories.repository';
import type { ProductsRepository } from '../products/products.repository';
import type { OrderItemRecord } from './order-records';
import { assertTransition } from './order-status';
import type { OrderChange, OrderWorkflow } from './order-workflow';
import type { PurchaseOrdersRepository } from './purchase-orders.repository';

/**
 * What the split learns from the bids (jiedan, 001) on an order. The jiedan module will provide the real
 * implementation (the factory whose bid was accepted); until then NO_SUPPLIER_HINTS says "no accepted bid".
 */
export interface OrderSupplierHints {
  acceptedFactoryOf(orderId: number, t?: Transaction): Promise<number | null>;
}

export const NO_SUPPLIER_HINTS: OrderSupplierHints = { acceptedFactoryOf: async () => null };

export interface OrderSplitSources {
  purchaseOrders: PurchaseOrdersRepository;
  factories: Pick<FactoriesRepository, 'findById'>;
  products: Pick<ProductsRepository, 'findById'>;
  hints: OrderSupplierHints;
}

/** Why a line goes to its supplier; the strongest reason of its lines names a purchase order's. */
export type MatchedBy = 'request' | 'jiedan' | 'product_default';
const STRENGTH: Record<MatchedBy, number> = { request: 3, jiedan: 2, product_default: 1 };

interface SupplierGroup {
  factory: FactoryRecord;
  matchedBy: MatchedBy;
  lines: OrderItemRecord[];
}

export interface PricedSplit {
  groups: { subtotal: bigint; shippingFee: bigint; total: bigint }[];
  totalAmount: bigint;
  totalShippingFee: bigint;
  grandTotal: bigint;
}

/** Prices purchase orders from their subtotals: the shipping is apportioned by amount, its parts sum exactly. */
export function priceSplit(subtotals: readonly bigint[], totalShippingFee: bigint): PricedSplit {
  const shares = apportion(totalShippingFee, subtotals);
  const groups = subtotals.map((subtotal, i) => ({ subtotal, shippingFee: shares[i], total: subtotal + shares[i] }));
  const totalAmount = subtotals.reduce((a, b) => a + b, 0n);
  return { groups, totalAmount, totalShippingFee, grandTotal: totalAmount + totalShippingFee };
}

const invalid = (message: string, details?: unknown) => new AppError('SPLIT_INVALID', message, details);
const sameQuantity = (a: string, b: string) => toHundredths(a) === toHundredths(b);
const lineIds = (g: SupplierGroup) => g.lines.map((l) => l.id);
const toPurchaseOrderItem = (l: OrderItemRecord) => ({
  orderItemId: l.id,
  productName: l.productName,
  quantity: formatMoney(l.quantity),
  unitPrice: formatMoney(l.unitPrice),
  subtotal: formatMoney(l.subtotal),
});
const subtotalOf = (lines: OrderItemRecord[]) => lines.reduce((sum, l) => sum + toCents(l.subtotal), 0n);

function checkQuantity(line: OrderItemRecord, quantity: string | undefined): void {
  if (quantity === undefined || sameQuantity(quantity, line.quantity)) return;
  const expected = formatMoney(line.quantity);
  throw invalid(`「${line.productName}」须整行交给一个供应商，数量应为 ${expected}，不能拆成 ${quantity}`, [
    { itemId: line.id, productName: line.productName, quantity: expected, requested: quantity },
  ]);
}

type ItemProblem = { itemId: number; productName: string; problem: 'duplicate' | 'missing' };
const PROBLEM_LABEL = { duplicate: '重复分配', missing: '未分配' } as const;

/**
 * The lines a request names: each an open line of this order (else ORDER_ITEM_NOT_FOUND), whole, at most once and,
 * with `everyLine`, every open line (else SPLIT_INVALID listing the duplicated and the missing lines).
 */
function checkItems(lines: OrderItemRecord[], chosen: { itemId: number; quantity?: string }[], everyLine: boolean) {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const unknown = [...new Set(chosen.map((i) => i.itemId).filter((itemId) => !byId.has(itemId)))];
  if (unknown.length > 0) {
    const details = unknown.map((itemId) => ({ itemId }));
    throw new AppError('ORDER_ITEM_NOT_FOUND', `订单明细不存在或不属于本订单：${unknown.join(', ')}`, details);
  }
  const seen = new Set<number>();
  const problems: ItemProblem[] = [];
  for (const { itemId, quantity } of chosen) {
    const line = byId.get(itemId);
    if (!line) continue;
    checkQuantity(line, quantity);
    if (seen.has(itemId)) problems.push({ itemId, productName: line.productName, problem: 'duplicate' });
    seen.add(itemId);
  }
  const missing = everyLine ? lines.filter((l) => !seen.has(l.id)) : [];
  problems.push(...missing.map((l) => ({ itemId: l.id, productName: l.productName, problem: 'missing' as const })));
  if (problems.length === 0) return;
  const summary = (['duplicate', 'missing'] as const)
    .map((kind) => [PROBLEM_LABEL[kind], problems.filter((p) => p.problem === kind).map((p) => p.productName)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([label, names]) => `${label}：${names.join('、')}`);
  throw invalid(`每个订单明细须恰好分配到一个采购单（${summary.join('；')}）`, problems);
}

type Choice = { line: OrderItemRecord; factory: FactoryRecord; matchedBy: MatchedBy };
type ActiveFactory = (id: number) => Promise<FactoryRecord | null>;

/** One purchase order per factory, in the order of their first lines. */
function groupBySupplier(chosen: Choice[]): SupplierGroup[] {
  const groups = new Map<number, SupplierGroup>();
  for (const { line, factory, matchedBy } of chosen) {
    const group = groups.get(factory.id) ?? { factory, matchedBy, lines: [] };
    if (STRENGTH[matchedBy] > STRENGTH[group.matchedBy]) group.matchedBy = matchedBy;
    group.lines.push(line);
    groups.set(factory.id, group);
  }
  return [...groups.values()];
}

/**
 * 002 §4 拆单: preview (writes nothing) and confirm (one transaction: purchase orders, their lines, the order lines
 * linked and ORDERED, the order PENDING_PO → PENDING_PRODUCTION). Every line goes wholly to one supplier.
 */
export class OrderSplitService {
  constructor(
    private readonly flow: OrderWorkflow,
    private readonly s: OrderSplitSources,
  ) {}

  async preview(principal: Principal, id: number, input: SplitPreview): Promise<SplitPlan> {
    return this.flow.run(principal, id, async (c) => {
      const lines = await this.openLines(c);
      const items = input.items ?? [];
      checkItems(lines, items, false);
      const requested = new Map(items.map((r) => [r.itemId, r]));
      const groups = await this.match(c, lines, requested);
      return this.plan(groups, this.price(groups, input.totalShippingFee));
    });
  }

  async confirm(principal: Principal, id: number, input: SplitConfirm): Promise<SplitResult> {
    return this.flow.run(principal, id, async (c) => {
      const lines = await this.openLines(c);
      if (await this.s.purchaseOrders.hasPendingCancel(c.order.id, c.t)) throw new AppError('CANCEL_APPROVAL_REQUIRED');
      const groups = await this.confirmedGroups(c, lines, input);
      const priced = this.price(groups, input.totalShippingFee);
      const created = await this.write(c, groups, priced);
      await this.flow.transition(
        c,
        'split',
        {},
        {
          type: 'split',
          note: `拆分为 ${created.length} 张采购单：${created.map((p) => p.poNo).join('、')}`,
          data: {
            purchaseOrderIds: created.map((p) => p.id),
            poNos: created.map((p) => p.poNo),
            totalShippingFee: fromCents(priced.totalShippingFee),
            grandTotal: fromCents(priced.grandTotal),
          },
        },
      );
      return {
        orderId: c.order.id,
        purchaseOrderIds: created.map((p) => p.id),
        status: c.order.status,
        createdAt: c.now.toISOString(),
      };
    });
  }

  /** The lines still to split (on no purchase order yet); only a PENDING_PO order splits. */
  private async openLines(c: OrderChange): Promise<OrderItemRecord[]> {
    assertTransition('split', c.order.status);
    const lines = (await this.flow.d.items.listFor(c.order.id, c.t)).filter((l) => l.purchaseOrderId === null);
    if (lines.length === 0) throw invalid('订单没有待拆单的明细');
    return lines;
  }

  /** Supplier per line: the one asked for, else the factory whose bid was accepted, else the product's default. */
  private async match(c: OrderChange, lines: OrderItemRecord[], requested: Map<number, { supplierId?: number }>) {
    const active = this.activeFactories(c.t);
    const hint = await this.s.hints.acceptedFactoryOf(c.order.id, c.t);
    const jiedan = hint === null ? null : await active(hint);
    const chosen: Choice[] = [];
    const refused: { itemId: number; supplierId: number }[] = [];
    const missing: { itemId: number; productName: string }[] = [];
    for (const line of lines) {
      const explicit = requested.get(line.id)?.supplierId;
      const [factory, matchedBy]: [FactoryRecord | null, MatchedBy] =
        explicit !== undefined
          ? [await active(explicit), 'request']
          : jiedan
            ? [jiedan, 'jiedan']
            : [await this.productDefault(line, active, c.t), 'product_default'];
      if (factory) chosen.push({ line, factory, matchedBy });
      else if (explicit !== undefined) refused.push({ itemId: line.id, supplierId: explicit });
      else missing.push({ itemId: line.id, productName: line.productName });
    }
    if (refused.length > 0) throw invalid('指定的供应商不存在或已停用', refused);
    if (missing.length > 0) {
      const names = missing.map((m) => m.productName).join('、');
      throw new AppError('SUPPLIER_REQUIRED', `以下商品没有可匹配的供应商，请指定：${names}`, missing);
    }
    return groupBySupplier(chosen);
  }

  private async productDefault(line: OrderItemRecord, active: ActiveFactory, t: Transaction) {
    const product = line.productId === null ? null : await this.s.products.findById(line.productId, t);
    return product?.supplierId ? active(product.supplierId) : null;
  }

  /** The confirmed purchase orders: every open line exactly once, whole, with an active supplier each. */
  private async confirmedGroups(c: OrderChange, lines: OrderItemRecord[], input: SplitConfirm) {
    const byId = new Map(lines.map((l) => [l.id, l]));
    const chosen = input.purchaseOrders.flatMap((po) => po.items);
    checkItems(lines, chosen, true);
    const suppliers = input.purchaseOrders.map((po) => po.supplierId);
    if (new Set(suppliers).size !== suppliers.length) throw invalid('同一供应商只能有一张采购单，请合并');
    const active = this.activeFactories(c.t);
    const groups: SupplierGroup[] = [];
    for (const po of input.purchaseOrders) {
      const factory = await active(po.supplierId);
      if (!factory) throw invalid(`供应商 ${po.supplierId} 不存在或已停用`, [{ supplierId: po.supplierId }]);
      groups.push({ factory, matchedBy: 'request', lines: po.items.flatMap((i) => byId.get(i.itemId) ?? []) });
    }
    return groups;
  }

  /** Claims the lines (so a concurrent split loses cleanly), then writes ORDERNO-01, -02, … and links the lines. */
  private async write(c: OrderChange, groups: SupplierGroup[], priced: PricedSplit) {
    const repo = this.s.purchaseOrders;
    for (const g of groups) {
      if ((await repo.claimLines(c.order.id, lineIds(g), g.factory.id, c.t)) !== g.lines.length) {
        throw new AppError('ORDER_INVALID_STATUS', '订单明细已被他人拆单，请刷新后重试');
      }
    }
    const before = await repo.countForOrder(c.order.id, c.t);
    const created: { id: number; poNo: string }[] = [];
    for (const [k, g] of groups.entries()) {
      const poNo = `${c.order.orderNo}-${String(before + k + 1).padStart(2, '0')}`;
      const { subtotal, shippingFee, total } = priced.groups[k];
      const po = { poNo, orderId: c.order.id, factoryId: g.factory.id, createdBy: c.by };
      const money = { subtotal: fromCents(subtotal), shippingFee: fromCents(shippingFee), total: fromCents(total) };
      const id = await repo.create({ ...po, ...money }, g.lines.map(toPurchaseOrderItem), c.t);
      await repo.linkLines(lineIds(g), id, c.t);
      created.push({ id, poNo });
    }
    return created;
  }

  /** Prices the groups; the total shipping is as given, else the configured share of the amount (002: 20%). */
  private price(groups: SupplierGroup[], given: string | undefined): PricedSplit {
    const subtotals = groups.map((g) => subtotalOf(g.lines));
    const amount = subtotals.reduce((sum, x) => sum + x, 0n);
    const shipping =
      given !== undefined ? toCents(given) : percentOf(amount, this.flow.d.config.splitShippingRatePercent);
    return priceSplit(subtotals, shipping);
  }

  private plan(groups: SupplierGroup[], priced: PricedSplit): SplitPlan {
    return {
      purchaseOrders: groups.map((g, i) => ({
        supplierId: g.factory.id,
        supplierName: g.factory.name,
        matchedBy: g.matchedBy,
        items: g.lines.map((l) => ({
          itemId: l.id,
          productName: l.productName,
          quantity: Number(l.quantity),
          unitPrice: formatMoney(l.unitPrice),
          subtotal: formatMoney(l.subtotal),
        })),
        subtotal: fromCents(priced.groups[i].subtotal),
        shippingFee: fromCents(priced.groups[i].shippingFee),
        total: fromCents(priced.groups[i].total),
      })),
      totalAmount: fromCents(priced.totalAmount),
      totalShippingFee: fromCents(priced.totalShippingFee),
      grandTotal: fromCents(priced.grandTotal),
    };
  }

  /** A lookup of active factories by id, cached for one request. */
  private activeFactories(t: Transaction): ActiveFactory {
    const cache = new Map<number, FactoryRecord | null>();
    return async (id: number): Promise<FactoryRecord | null> => {
      if (!cache.has(id)) cache.set(id, await this.s.factories.findById(id, { kind: 'all' }, t));
      const f = cache.get(id) ?? null;
      return f?.isActive ? f : null;
    };
  }
}
