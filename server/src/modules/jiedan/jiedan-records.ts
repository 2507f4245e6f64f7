import type { JiedanStatus } from '@app/shared';
import type { JiedanModel } from '../../db/models';
import { formatMoney } from '../../platform/money';

/** A bid as services see it: ids are numbers, the price a decimal string with two places ("1500.50"). */
export interface JiedanRecord {
  id: number;
  orderId: number;
  factoryId: number;
  status: JiedanStatus;
  price: string;
  jiedanTime: Date;
  agreeTime: Date | null;
  agreeUserId: number | null;
  rejectReason: string | null;
  rejectedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the bid rules need to know about an order, read inside the deciding transaction. */
export interface BidOrderFacts {
  id: number;
  orderNo: string;
  status: string;
  isLocked: boolean;
  /** The order has purchase orders: it has been split. */
  split: boolean;
  /** The id of the order's accepted (live) bid, if any. */
  acceptedBidId: number | null;
}

/** An order's number and current lines, for a bid's `order.title` and `order.description`. */
export interface BidOrderSummary {
  id: number;
  orderNo: string;
  lines: { productName: string; quantity: string; unit: string | null }[];
}

const idOrNull = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

export function toJiedanRecord(m: JiedanModel): JiedanRecord {
  return {
    id: Number(m.id),
    orderId: Number(m.orderId),
    factoryId: Number(m.factoryId),
    status: m.status as JiedanStatus,
    price: formatMoney(m.price),
    jiedanTime: m.jiedanTime,
    agreeTime: m.agreeTime ?? null,
    agreeUserId: idOrNull(m.agreeUserId),
    rejectReason: m.rejectReason ?? null,
    rejectedAt: m.rejectedAt ?? null,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/** A DATETIME as either driver returns it raw: a Date (mysql2) or `2026-01-16 02:00:00.000 +00:00` (SQLite). */
export function rawDate(v: unknown): Date {
  if (v instanceof Date) return v;
  return new Date(
    String(v)
      .replace(' ', 'T')
      .replace(/ ?([+-]\d{2}:\d{2})$/, '$1'),
  );
}

/** Whether an order takes bids (placing, re-pricing, accepting): the rule in one place, with the reason if not. */
export function closedReason(o: BidOrderFacts): string | null {
  if (o.status !== 'PENDING_PO') return `订单状态为 ${o.status}，仅待下单（PENDING_PO）的订单接受接单`;
  if (o.isLocked) return '订单已锁定';
  if (o.split) return '订单已拆单';
  if (o.acceptedBidId !== null) return '订单已选定接单工厂';
  return null;
}
