import type { ChangeItem, ChangeRequestCreate } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { FieldProblem } from '../../http/validate';
import { formatMoney, fromCents, multiplyMoney, toCents, toHundredths } from '../../platform/money';
import type { ChangeLine } from './order-change-requests.repository';
import type { OrderItemRecord } from './order-records';

// The lines of a change request (002 §7.1): which lists its type needs, and exact prices of new lines.

/** DECIMAL(12,2) unit prices and DECIMAL(16,2) subtotals. */
const MAX_UNIT_PRICE_CENTS = 10n ** 12n;
const MAX_SUBTOTAL_CENTS = 10n ** 16n;
/** DECIMAL(16,2): an order's total. */
export const MAX_TOTAL_CENTS = MAX_SUBTOTAL_CENTS;

const SHAPES = {
  ADD_ITEM: {
    ok: (o: number, n: number) => o === 0 && n > 0,
    rule: '新增商品（ADD_ITEM）须 originalItems 为空、newItems 至少一项',
  },
  REMOVE_ITEM: {
    ok: (o: number, n: number) => o > 0 && n === 0,
    rule: '删除商品（REMOVE_ITEM）须 originalItems 至少一项、newItems 为空',
  },
  MODIFY_ITEM: {
    ok: (o: number, n: number) => o > 0 && n > 0,
    rule: '修改商品（MODIFY_ITEM）须 originalItems 与 newItems 各至少一项',
  },
} as const;

/** INVALID_CHANGE_TYPE unless the body fits its type: which lists are empty, and originals named by id, once each. */
export function assertChangeShape(input: Pick<ChangeRequestCreate, 'changeType' | 'originalItems' | 'newItems'>): void {
  const { ok, rule } = SHAPES[input.changeType];
  const [o, n] = [input.originalItems.length, input.newItems.length];
  if (!ok(o, n))
    throw new AppError('INVALID_CHANGE_TYPE', rule, { changeType: input.changeType, originalItems: o, newItems: n });
  const seen = new Set<number>();
  input.originalItems.forEach((item, index) => {
    if (item.id === undefined) throw new AppError('INVALID_CHANGE_TYPE', `originalItems[${index}] 须填写原明细 id`);
    if (seen.has(item.id)) throw new AppError('INVALID_CHANGE_TYPE', `原明细 ${item.id} 重复`);
    seen.add(item.id);
  });
}

/** subtotal ÷ quantity, rounded half up to the cent (the unit price of a line given only by its subtotal). */
export function unitPriceOf(subtotal: string, quantity: string): string {
  const q = toHundredths(quantity);
  return fromCents((toCents(subtotal) * 100n + q / 2n) / q);
}

/**
 * The new lines as they will be written. Each needs productName, quantity and a price: `subtotal` is binding
 * when given (unitPrice = subtotal ÷ quantity, rounded, unless given too); otherwise subtotal = unitPrice ×
 * quantity, rounded half up. VALIDATION_ERROR names every missing field.
 */
export function priceNewItems(items: readonly ChangeItem[]): ChangeLine[] {
  const problems: FieldProblem[] = [];
  const need = (index: number, field: string, message: string) =>
    problems.push({ field: `newItems.${index}.${field}`, message });
  const lines = items.map((item, index): ChangeLine | null => {
    if (!item.productName) need(index, 'productName', '请填写商品名称');
    if (item.quantity === undefined) need(index, 'quantity', '请填写数量');
    if (item.subtotal === undefined && item.unitPrice === undefined) need(index, 'subtotal', '请填写小计或单价');
    if (!item.productName || item.quantity === undefined || (item.subtotal ?? item.unitPrice) === undefined)
      return null;
    const quantity = fromCents(toHundredths(item.quantity));
    const subtotal = item.subtotal ?? multiplyMoney(item.unitPrice ?? '0', quantity);
    const unitPrice = item.unitPrice ?? unitPriceOf(subtotal, quantity);
    if (toCents(subtotal) >= MAX_SUBTOTAL_CENTS || toCents(unitPrice) >= MAX_UNIT_PRICE_CENTS) {
      need(index, 'subtotal', '金额超出范围');
    }
    const [width, height] = [twoPlaces(item.width), twoPlaces(item.height)];
    const roomName = item.roomName ?? null;
    const base = { productId: item.productId ?? null, productCode: null, category: null, unit: null };
    return { ...base, productName: item.productName, roomName, unitPrice, quantity, width, height, subtotal };
  });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_ERROR', `请求参数错误：${problems[0].field} ${problems[0].message}`, problems);
  }
  return lines.filter((l): l is ChangeLine => l !== null);
}

/** Σ new subtotals − Σ original subtotals, exact, signed, two decimals ("20.00", "-15.50"). */
export function priceDifference(originals: readonly { subtotal: string }[], news: readonly { subtotal: string }[]) {
  const sum = (lines: readonly { subtotal: string }[]) => lines.reduce((a, l) => a + toCents(l.subtotal), 0n);
  return fromCents(sum(news) - sum(originals));
}

/** A signed decimal ("-15.50", or -15.5 from SQLite) in cents. */
export function signedCents(value: string | number): bigint {
  const text = String(value).trim();
  return text.startsWith('-') ? -toCents(text.slice(1)) : toCents(text);
}

/** A decimal with up to two places as a two-place string ("2.5" → "2.50"); null stays null. */
export function twoPlaces(value: string | number | null | undefined): string | null {
  return value === null || value === undefined ? null : formatMoney(value);
}

/** An order line as a change request keeps it: the database's values, not the client's copy. */
export function lineOf(i: OrderItemRecord): ChangeLine {
  return {
    id: i.id,
    productId: i.productId,
    productCode: i.productCode,
    productName: i.productName,
    category: i.category,
    roomName: i.roomName,
    unit: i.unit,
    unitPrice: formatMoney(i.unitPrice),
    quantity: formatMoney(i.quantity),
    width: twoPlaces(i.width),
    height: twoPlaces(i.height),
    subtotal: formatMoney(i.subtotal),
  };
}
