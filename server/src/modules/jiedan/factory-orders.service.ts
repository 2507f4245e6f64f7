import type { FactoryOrder, FactoryOrderPage, FactoryOrdersQuery } from '@app/shared';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Principal } from '../access/principal';
import type { FactoryOrderLineRow, FactoryOrderRow, FactoryOrdersRepository } from './factory-orders.repository';
import { toJiedanDto } from './jiedan.mapper';
import type { JiedanRecord } from './jiedan-records';
import type { JiedanRepository } from './jiedan.repository';

/**
 * The city of a delivery address (`广东省深圳市南山区…` → `深圳市`, `上海市浦东新区…` → `上海市`), else the customer's
 * city. Nothing else of the address: a factory learns where the goods go, not who or where exactly.
 */
const CITY = /^(?:[^\d\s]{2,10}?(?:省|自治区|特别行政区))?([^\d\s路街道号区县镇村巷弄]{1,7}?(?:市|自治州|地区|盟))/u;
export function deliveryCity(address: string | null, customerCity: string | null): string | null {
  const m = address?.trim().match(CITY);
  if (m) return m[1];
  return customerCity?.trim() || null;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function toLine(l: FactoryOrderLineRow) {
  return {
    id: l.id,
    product_code: l.productCode,
    product_name: l.productName,
    category: l.category,
    room_name: l.roomName,
    width: num(l.width),
    height: num(l.height),
    quantity: Number(l.quantity),
    unit: l.unit,
  };
}

function group<T extends { orderId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.orderId, [...(out.get(r.orderId) ?? []), r]);
  return out;
}

/**
 * GET /api/factory/orders (factory users). `open`: the orders taking bids, with what pricing them needs (lines,
 * sizes, quantities, the delivery city, how many bids, this factory's own bid). `mine`: the orders this factory
 * works on (its accepted bid or a purchase order of it), with their status and its purchase orders; the lines are
 * those of its purchase orders once split, else all. Never customer names, phones, addresses or prices.
 */
export class FactoryOrdersService {
  constructor(
    private readonly repo: FactoryOrdersRepository,
    private readonly bids: JiedanRepository,
  ) {}

  async list(p: Principal, q: FactoryOrdersQuery): Promise<FactoryOrderPage> {
    if (p.userType !== 'wechat' || p.factoryId === null) throw new AppError('FORBIDDEN', '仅工厂用户可以查看');
    const factoryId = p.factoryId;
    const { rows, total } =
      q.view === 'mine'
        ? await this.repo.minePage(factoryId, q.page, q.pageSize)
        : await this.repo.openPage(q.page, q.pageSize);
    const ids = rows.map((r) => r.id);
    const [lines, counts, mine, pos] = await Promise.all([
      this.repo.lines(ids),
      this.bids.countsByOrder(ids),
      this.bids.ofFactoryFor(factoryId, ids),
      q.view === 'mine' ? this.repo.purchaseOrders(factoryId, ids) : Promise.resolve([]),
    ]);
    const linesOf = group(lines);
    const posOf = group(pos);
    const list = rows.map((o) =>
      this.toDto(o, linesOf.get(o.id) ?? [], posOf.get(o.id) ?? [], counts.get(o.id) ?? 0, mine.get(o.id)),
    );
    return toPage(list, total, q);
  }

  private toDto(
    o: FactoryOrderRow,
    lines: FactoryOrderLineRow[],
    pos: { id: number; poNo: string; status: string }[],
    bidCount: number,
    myBid: JiedanRecord | undefined,
  ): FactoryOrder {
    const own = new Set(pos.map((p) => p.id));
    const shown = own.size > 0 ? lines.filter((l) => l.purchaseOrderId !== null && own.has(l.purchaseOrderId)) : lines;
    return {
      order_id: o.id,
      order_no: o.orderNo,
      status: o.status as FactoryOrder['status'],
      created_at: o.createdAt.toISOString(),
      scheduled_date: o.scheduledDate,
      delivery_city: deliveryCity(o.deliveryAddress, o.customerCity),
      lines: shown.map(toLine),
      bid_count: bidCount,
      my_bid: myBid ? toJiedanDto(myBid) : null,
      purchase_orders: pos.map((p) => ({
        id: p.id,
        po_no: p.poNo,
        status: p.status as FactoryOrder['purchase_orders'][number]['status'],
      })),
    };
  }
}
