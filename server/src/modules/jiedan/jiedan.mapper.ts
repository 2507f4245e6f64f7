import type { Jiedan, JiedanDetail, JiedanListItem } from '@app/shared';
import { formatMoney } from '../../platform/money';
import type { BidOrderSummary, JiedanRecord } from './jiedan-records';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** "100.00" → "100", "2.50" → "2.5": quantities read as people write them. */
export function plainQuantity(value: string): string {
  const [int, frac = ''] = formatMoney(value).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${int}.${trimmed}` : int;
}

/**
 * 001's bid object. `price` is a JSON number as 001 shows it (1500.5 for 1500.50): it is made from the DECIMAL
 * string only here, at the edge, and a DECIMAL(10,2) value survives the trip through a double exactly.
 * `factory_id` and `agree_user_id` are strings, the type 001 gives them.
 */
export function toJiedanDto(r: JiedanRecord): Jiedan {
  return {
    id: r.id,
    order_id: r.orderId,
    factory_id: String(r.factoryId),
    status: r.status,
    price: Number(formatMoney(r.price)),
    jiedan_time: r.jiedanTime.toISOString(),
    agree_time: iso(r.agreeTime),
    agree_user_id: r.agreeUserId === null ? null : String(r.agreeUserId),
    reject_reason: r.rejectReason,
    reject_time: iso(r.rejectedAt),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** `OD20260116001 智能客控主机 等3项`: the order number and what is made. No customer data. */
export function orderTitle(o: BidOrderSummary | undefined, orderId: number): string {
  if (!o) return `订单 ${orderId}`;
  const [first] = o.lines;
  if (!first) return o.orderNo;
  return `${o.orderNo} ${first.productName}${o.lines.length > 1 ? ` 等${o.lines.length}项` : ''}`;
}

/** The lines, `智能客控主机 ×100台；触摸开关面板 ×20个`. */
export function orderDescription(o: BidOrderSummary | undefined): string {
  if (!o || o.lines.length === 0) return '';
  return o.lines.map((l) => `${l.productName} ×${plainQuantity(l.quantity)}${l.unit ?? ''}`).join('；');
}

const factoryRef = (r: JiedanRecord, names: Map<number, string>) => ({
  user_id: String(r.factoryId),
  company_name: names.get(r.factoryId) ?? null,
});

export function toJiedanListItem(
  r: JiedanRecord,
  orders: Map<number, BidOrderSummary>,
  names: Map<number, string>,
): JiedanListItem {
  return {
    ...toJiedanDto(r),
    order: { id: r.orderId, title: orderTitle(orders.get(r.orderId), r.orderId) },
    factory: factoryRef(r, names),
  };
}

export function toJiedanDetail(
  r: JiedanRecord,
  orders: Map<number, BidOrderSummary>,
  names: Map<number, string>,
): JiedanDetail {
  const o = orders.get(r.orderId);
  return {
    ...toJiedanDto(r),
    order: { id: r.orderId, title: orderTitle(o, r.orderId), description: orderDescription(o) },
    factory: factoryRef(r, names),
  };
}
