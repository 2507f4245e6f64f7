import type { ContractStatus, ShipmentItemInput, ShipmentStatus } from '@app/shared';
import { AppError } from '../../http/app-error';
import { fromCents, multiplyMoney, toCents } from '../../platform/money';

/** The states each action may start from; the UPDATE re-checks them, so of two racing actions one wins. */
export const SHIPMENT_TRANSITIONS = {
  update: ['draft'],
  confirm: ['draft', 'pending'],
  logistics: ['shipped', 'in_transit'],
  sign: ['shipped', 'in_transit'],
  cancel: ['draft', 'pending'],
} as const satisfies Record<string, readonly ShipmentStatus[]>;
export type ShipmentAction = keyof typeof SHIPMENT_TRANSITIONS;

/** What each refused action says (422 SHIPMENT_WRONG_STATE). */
export const WRONG_STATE_MESSAGES: Record<ShipmentAction, string> = {
  update: '仅草稿状态的发货单可修改',
  confirm: '仅草稿或待发货的发货单可确认发货',
  logistics: '仅已发货或运输中的发货单可更新物流信息',
  sign: '仅已发货或运输中的发货单可签收',
  cancel: '已发货的发货单不能取消',
};

export const canStart = (action: ShipmentAction, status: ShipmentStatus): boolean =>
  (SHIPMENT_TRANSITIONS[action] as readonly ShipmentStatus[]).includes(status);

/** Goods are shipped against signed contracts; the first confirmed shipment moves a contract to executing. */
export const SHIPPABLE_CONTRACT_STATUSES: readonly ContractStatus[] = ['signed', 'executing'];

/** A contract line as the quantity rules read it. */
export interface ContractLine {
  id: number;
  productId: number;
  productCode: string;
  productName: string;
  unit: string;
  quantity: number;
  unitPrice: string;
  shippedQuantity: number;
}

export interface PlannedLine {
  /** Position in the request (`items[i]`), for error details. */
  index: number;
  line: ContractLine;
  quantity: number;
  subtotal: string;
}

export const remainingOf = (line: Pick<ContractLine, 'quantity' | 'shippedQuantity'>): number =>
  Math.max(0, line.quantity - line.shippedQuantity);

export function quantityExceeded(index: number, remaining: number): AppError {
  const message = remaining > 0 ? `超过剩余可发数量 ${remaining}` : '该产品已全部安排发货';
  return new AppError('SHIPMENT_QUANTITY_EXCEEDED', `发货数量${message}`, [
    { field: `items.${index}.thisShipmentQuantity`, message },
  ]);
}

/**
 * Checks a shipment's lines against the contract's as read: each must be a line of the contract (and its product,
 * when named) and fit in what is left. The database update of `shippedQuantity` decides again under concurrency.
 */
export function planShipment(
  lines: readonly ContractLine[],
  items: readonly ShipmentItemInput[],
): { lines: PlannedLine[]; amount: string } {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const planned = items.map((item, index): PlannedLine => {
    const line = byId.get(item.contractItemId);
    if (!line) {
      throw new AppError('SHIPMENT_ITEM_INVALID', '发货产品不是该合同的产品', [
        { field: `items.${index}.contractItemId`, message: '不是该合同的产品明细' },
      ]);
    }
    if (item.productId !== undefined && item.productId !== line.productId) {
      throw new AppError('SHIPMENT_ITEM_INVALID', '产品与合同明细不符', [
        { field: `items.${index}.productId`, message: `合同明细 ${line.id} 的产品是 ${line.productId}` },
      ]);
    }
    if (item.thisShipmentQuantity > remainingOf(line)) throw quantityExceeded(index, remainingOf(line));
    return {
      index,
      line,
      quantity: item.thisShipmentQuantity,
      subtotal: multiplyMoney(line.unitPrice, item.thisShipmentQuantity),
    };
  });
  const cents = planned.reduce((sum, p) => sum + toCents(p.subtotal), 0n);
  return { lines: planned, amount: fromCents(cents) };
}

/** The contract's shipped amount: Σ over its lines of shipped quantity × unit price, exact to the cent. */
export function shippedAmountOf(lines: readonly Pick<ContractLine, 'unitPrice' | 'shippedQuantity'>[]): string {
  return fromCents(lines.reduce((sum, l) => sum + toCents(multiplyMoney(l.unitPrice, l.shippedQuantity)), 0n));
}

/**
 * The delivery note's three numbers for a line, from the line's shipped quantity right after this shipment took
 * its units: what others held before, this shipment, what is left after.
 */
export function lineQuantities(
  contractQuantity: number,
  shippedAfter: number,
  thisShipment: number,
): { alreadyShippedQuantity: number; thisShipmentQuantity: number; remainingQuantity: number } {
  return {
    alreadyShippedQuantity: shippedAfter - thisShipment,
    thisShipmentQuantity: thisShipment,
    remainingQuantity: contractQuantity - shippedAfter,
  };
}

/** Today in China (UTC+8), the business day of ship and delivery dates. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export const dateError = (field: string, message: string) =>
  new AppError('SHIPMENT_DATE_INVALID', message, [{ field, message }]);

/** Ship and delivery dates: not in the future, and delivery not before shipping. */
export function checkShipDates(
  today: string,
  dates: { actualShipDate: string; estimatedDeliveryDate?: string | null },
): void {
  if (dates.actualShipDate > today) throw dateError('actualShipDate', '发货日期不能晚于今天');
  if (dates.estimatedDeliveryDate && dates.estimatedDeliveryDate < dates.actualShipDate) {
    throw dateError('estimatedDeliveryDate', '预计到货日期不能早于发货日期');
  }
}

export function checkDeliveryDate(today: string, actualShipDate: string | null, delivered: string): void {
  if (delivered > today) throw dateError('actualDeliveryDate', '签收日期不能晚于今天');
  if (actualShipDate && delivered < actualShipDate) {
    throw dateError('actualDeliveryDate', `签收日期不能早于发货日期 ${actualShipDate}`);
  }
}
