import type { Transaction } from 'sequelize';
import type {
  OrderCreate,
  OrderCreated,
  OrderDetail,
  OrderEventDto,
  OrderListQuery,
  OrderSummary,
  OrderUpdate,
  Page,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import { formatMoney, fromCents, toCents } from '../../platform/money';
import { scopeFor, type DataScope, type Principal } from '../access/principal';
import type { CustomerRecord } from '../customers/customers.repository';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { QuotationItemRecord, QuotationRecord } from '../quotations/quotation-records';
import type { OrderItemWrite } from './order-items.repository';
import type { OrderWorkflow } from './order-workflow';
import { toOrderDetailDto, toOrderEventDto, toOrderSummaryDto } from './orders.mapper';
import { DuplicateQuoteError } from './orders.repository';

/** What an order is made from: the accepted quotation with its lines, and its customer. */
export interface OrderSources {
  quotation(
    id: number,
    scope: DataScope,
    t: Transaction,
  ): Promise<{ quotation: QuotationRecord; items: QuotationItemRecord[] } | null>;
  customer(id: number, t: Transaction): Promise<CustomerRecord | null>;
  /** Category codes of products (002 items carry a `category`). */
  categories(productIds: number[], t: Transaction): Promise<Map<number, string>>;
  sequences: NumberSequenceRepository;
}

/** Order numbers carry the business day in China (UTC+8): OD20260116001. */
const BUSINESS_OFFSET_MS = 8 * 3_600_000;
const FINAL: readonly string[] = ['SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED'];

function invalidAmount(message: string): AppError {
  return new AppError('PAYMENT_AMOUNT_INVALID', message, [{ field: 'paymentAmount', message }]);
}

/** 002 §2.1's payment rules: cash-settled customers pay (amount and proof) up front; monthly ones confirm. */
function checkPayment(input: OrderCreate, settlementType: string, totalCents: bigint): bigint {
  const paid = input.paymentAmount === undefined ? null : toCents(input.paymentAmount);
  if (paid !== null && paid > totalCents) {
    throw invalidAmount(`收款金额 ${input.paymentAmount} 超过订单金额 ${fromCents(totalCents)}`);
  }
  if (settlementType === 'MONTHLY') {
    if (!input.confirmationImg) {
      throw new AppError('PAYMENT_PROOF_REQUIRED', '月结客户须上传客户确认凭证（confirmationImg）', [
        { field: 'confirmationImg', message: '月结客户必填' },
      ]);
    }
    return paid ?? 0n;
  }
  if (paid === null || paid <= 0n) throw invalidAmount('现结客户须填写大于 0 的收款金额（paymentAmount）');
  if (!input.paymentProofImg) {
    throw new AppError('PAYMENT_PROOF_REQUIRED', '现结客户须上传收款凭证（paymentProofImg）', [
      { field: 'paymentProofImg', message: '现结客户必填' },
    ]);
  }
  return paid;
}

function toItems(items: QuotationItemRecord[], categories: Map<number, string>, orderId: number): OrderItemWrite[] {
  return items.map((i, index) => ({
    orderId,
    quotationItemId: i.id,
    productId: i.productId,
    productCode: i.productCode,
    productName: i.productName,
    category: categories.get(i.productId) ?? null,
    roomName: null,
    unit: i.unit,
    unitPrice: formatMoney(i.actualPrice),
    quantity: `${i.quantity}.00`,
    width: null,
    height: null,
    subtotal: formatMoney(i.subtotal),
    deliveryStatus: 'PENDING',
    sortOrder: index,
  }));
}

function snapshotOf(q: QuotationRecord, items: QuotationItemRecord[], c: CustomerRecord, at: Date): string {
  return JSON.stringify({
    quote: {
      id: q.id,
      quoteNo: q.quotationNo,
      title: q.quotationTitle,
      version: q.version,
      totalAmount: formatMoney(q.totalAmount),
      paymentTerms: q.paymentTerms,
      deliveryTerms: q.deliveryTerms,
      items: items.map((i) => ({
        id: i.id,
        productId: i.productId,
        productCode: i.productCode,
        productName: i.productName,
        unit: i.unit,
        quantity: i.quantity,
        standardPrice: formatMoney(i.standardPrice),
        actualPrice: formatMoney(i.actualPrice),
        subtotal: formatMoney(i.subtotal),
      })),
    },
    customer: {
      id: c.id,
      code: c.customerCode,
      name: c.customerName,
      phone: c.contactPhone,
      address: [c.province, c.city, c.address].filter(Boolean).join('') || null,
      settlementType: c.settlementType,
    },
    snapshotTime: at.toISOString(),
  });
}

/** 002 §2: create an order from an accepted quotation, list, read, update its non-core fields; the timeline. */
export class OrdersService {
  constructor(
    private readonly flow: OrderWorkflow,
    private readonly sources: OrderSources,
  ) {}

  async create(principal: Principal, input: OrderCreate): Promise<OrderCreated> {
    const { d } = this.flow;
    return d.db.transaction(async (t) => {
      const found = await this.sources.quotation(input.quoteId, scopeFor(principal), t);
      if (!found) throw new AppError('QUOTE_NOT_FOUND');
      const { quotation: q, items } = found;
      if (q.status !== 'accepted') {
        throw new AppError('QUOTE_NOT_WON', `报价单状态为 ${q.status}，仅客户已接受（WON）的报价单可转订单`);
      }
      if (await d.orders.existsForQuote(q.id, t)) throw new AppError('ORDER_ALREADY_EXISTS');
      const customer = await this.sources.customer(q.customerId, t);
      if (!customer) throw new AppError('CUSTOMER_NOT_FOUND');
      const totalCents = toCents(q.totalAmount);
      const paid = checkPayment(input, customer.settlementType, totalCents);
      const now = d.clock.now();
      const day = new Date(now.getTime() + BUSINESS_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
      const seq = await this.sources.sequences.next(`order:${day}`, t);
      const orderNo = `OD${day}${String(seq).padStart(3, '0')}`;
      const status = input.requiresDrawingConfirmation ? 'PENDING_CONFIRMATION' : 'PENDING_PO';
      const created = await d.orders
        .create(
          {
            orderNo,
            quoteId: q.id,
            customerId: customer.id,
            customerName: customer.customerName,
            customerPhone: customer.contactPhone,
            salesId: q.ownerId ?? principal.userId,
            status,
            settlementType: customer.settlementType,
            totalAmount: formatMoney(q.totalAmount),
            paidAmount: fromCents(paid),
            paymentAmount: input.paymentAmount ?? null,
            paymentMethod: input.paymentMethod ?? null,
            paymentTime: input.paymentAmount ? new Date(input.paymentTime ?? now) : null,
            paymentProofImg: input.paymentProofImg ?? null,
            confirmationImg: input.confirmationImg ?? null,
            deliveryAddress:
              input.deliveryAddress ??
              ([customer.province, customer.city, customer.address].filter(Boolean).join('') || null),
            scheduledDate: null,
            customerPoNo: input.customerPoNo ?? null,
            remark: input.remark ?? null,
            snapshotData: snapshotOf(q, items, customer, now),
            createdBy: principal.userId,
            createdAt: now,
          },
          t,
        )
        .catch((err: unknown) => {
          if (err instanceof DuplicateQuoteError) throw new AppError('ORDER_ALREADY_EXISTS');
          throw err;
        });
      const categories = await this.sources.categories([...new Set(items.map((i) => i.productId))], t);
      await d.items.createMany(toItems(items, categories, created.id), t);
      await d.events.record(
        {
          orderId: created.id,
          eventType: 'created',
          toStatus: status,
          note: `由报价单 ${q.quotationNo} 创建`,
          data: { quoteNo: q.quotationNo, paidAmount: fromCents(paid) },
          actorId: principal.userId,
          createdAt: now,
        },
        t,
      );
      return {
        id: created.id,
        orderNo,
        quoteId: q.id,
        status,
        totalAmount: formatMoney(q.totalAmount),
        paidAmount: fromCents(paid),
        settlementType: customer.settlementType,
        createdAt: created.createdAt.toISOString(),
      };
    });
  }

  async list(principal: Principal, q: OrderListQuery): Promise<Page<OrderSummary>> {
    const { rows, total } = await this.flow.d.orders.list(q, scopeFor(principal));
    const names = await this.flow.d.users.displayNames(
      rows.map((r) => r.salesId).filter((x): x is number => x !== null),
    );
    return toPage(
      rows.map((o) => toOrderSummaryDto(o, o.salesId === null ? null : (names.get(o.salesId) ?? null))),
      total,
      q,
    );
  }

  async get(principal: Principal, id: number): Promise<OrderDetail> {
    const found = await this.flow.d.orders.findDetail(id, scopeFor(principal));
    if (!found) throw new AppError('ORDER_NOT_FOUND');
    const { order, items } = found;
    const names = await this.flow.d.users.displayNames(order.salesId === null ? [] : [order.salesId]);
    return toOrderDetailDto(order, items, order.salesId === null ? null : (names.get(order.salesId) ?? null));
  }

  /** 2.4: address, remark and the customer's PO number; never amounts, lines or status. */
  async update(principal: Principal, id: number, input: OrderUpdate) {
    const order = await this.flow.run(principal, id, async (c) => {
      if (input.deliveryAddress !== undefined && FINAL.includes(c.order.status)) {
        throw new AppError('ORDER_INVALID_STATUS', `订单状态为 ${c.order.status}，不能再修改配送地址`);
      }
      await this.flow.update(c, input);
      await this.flow.record(c, 'updated', null, { fields: Object.keys(input) });
      return c.order;
    });
    const fresh = await this.flow.mustFind(order.id, { kind: 'all' });
    return {
      id: fresh.id,
      deliveryAddress: fresh.deliveryAddress,
      remark: fresh.remark,
      customerPoNo: fresh.customerPoNo,
      updatedAt: fresh.updatedAt.toISOString(),
    };
  }

  async timeline(principal: Principal, id: number): Promise<OrderEventDto[]> {
    const order = await this.flow.mustFind(id, scopeFor(principal));
    const events = await this.flow.d.events.listFor(order.id);
    const names = await this.flow.d.users.displayNames(
      events.map((e) => e.actorId).filter((x): x is number => x !== null),
    );
    return events.map((e) => toOrderEventDto(e, e.actorId === null ? null : (names.get(e.actorId) ?? null)));
  }
}
