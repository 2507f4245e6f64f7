import { Op, UniqueConstraintError, fn, col, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { JiedanStatistics, JiedanStatus } from '@app/shared';
import { JiedanModel } from '../../db/models';
import type { OrderSupplierHints } from '../orders/order-split.service';
import { toJiedanRecord, type JiedanRecord } from './jiedan-records';

/** The unique key (order_id, factory_id, alive) refused a second live bid of one factory on one order. */
export class DuplicateBidError extends Error {}
/** The unique key on accepted_order_id refused a second accepted bid on one order. */
export class AcceptedBidExistsError extends Error {}

export interface BidFind {
  /** A factory user finds only its own factory's bids. */
  factoryId?: number;
  /** Lock the row (MySQL `FOR UPDATE`, which also reads the latest committed version). */
  lock?: boolean;
}

/** Who acts and when: every write records both (the clock is injected, so times come from the service). */
export interface Stamp {
  by: number;
  now: Date;
}

const LIVE = { alive: 1 };
const PENDING = { alive: 1, status: 'pending' };

/**
 * The bids (001 `jiedan`). Only live rows (`alive = 1`, i.e. not soft-deleted) are ever read. State changes are
 * conditional UPDATEs (`… WHERE status = 'pending'`), so of two concurrent changes one wins; the caller answers 422
 * for the other. Also the split's source of "the factory whose bid was accepted" (OrderSupplierHints).
 */
export class JiedanRepository implements OrderSupplierHints {
  async insert(data: { orderId: number; factoryId: number; price: string }, s: Stamp, t: Transaction) {
    try {
      const row = await JiedanModel.create(
        {
          ...data,
          status: 'pending',
          jiedanTime: s.now,
          createdBy: s.by,
          updatedBy: s.by,
          createdAt: s.now,
          updatedAt: s.now,
        },
        { transaction: t, silent: true },
      );
      return toJiedanRecord(row);
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new DuplicateBidError();
      throw err;
    }
  }

  async findById(id: number, find: BidFind = {}, t?: Transaction): Promise<JiedanRecord | null> {
    const where: WhereOptions = { id, ...LIVE, ...(find.factoryId === undefined ? {} : { factoryId: find.factoryId }) };
    const row = await JiedanModel.findOne({ where, transaction: t, lock: find.lock && t ? t.LOCK.UPDATE : undefined });
    return row ? toJiedanRecord(row) : null;
  }

  /** The live bids on an order (of one factory, for a factory user), in the order they were placed. */
  async listForOrder(orderId: number, factoryId?: number): Promise<JiedanRecord[]> {
    const rows = await JiedanModel.findAll({
      where: { orderId, ...LIVE, ...(factoryId === undefined ? {} : { factoryId }) },
      order: [['id', 'ASC']],
    });
    return rows.map(toJiedanRecord);
  }

  /**
   * A factory's live bids, newest first (001 §4). `salesId` narrows them to the orders of one salesperson (the
   * staff data scope "own orders").
   */
  async pageForFactory(
    factoryId: number,
    q: { page: number; pageSize: number; status?: JiedanStatus },
    salesId?: number,
  ): Promise<{ rows: JiedanRecord[]; total: number }> {
    const where: WhereOptions[] = [{ factoryId, ...LIVE }];
    if (q.status) where.push({ status: q.status });
    if (salesId !== undefined) {
      where.push({ orderId: { [Op.in]: literal(`(SELECT id FROM orders WHERE salesId = ${Number(salesId)})`) } });
    }
    const [rows, total] = await Promise.all([
      JiedanModel.findAll({
        where: { [Op.and]: where },
        order: [['id', 'DESC']],
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      }),
      JiedanModel.count({ where: { [Op.and]: where } }),
    ]);
    return { rows: rows.map(toJiedanRecord), total };
  }

  /** 001 §9: the factory's live bids counted per status (one indexed GROUP BY). */
  async statistics(factoryId: number): Promise<JiedanStatistics> {
    const rows = (await JiedanModel.findAll({
      attributes: ['status', [fn('COUNT', col('id')), 'n']],
      where: { factoryId, ...LIVE },
      group: [col('status')],
      // `alive = 1` is the live condition; without paranoid's extra `deleted_at IS NULL` the index answers alone.
      paranoid: false,
      raw: true,
    })) as unknown as { status: string; n: number | string }[];
    const counts: JiedanStatistics = { pending: 0, accepted: 0, rejected: 0 };
    for (const r of rows) if (r.status in counts) counts[r.status as JiedanStatus] = Number(r.n);
    return counts;
  }

  /** pending → accepted. False when the bid is no longer pending; AcceptedBidExistsError if the order has one. */
  async accept(bid: Pick<JiedanRecord, 'id' | 'orderId'>, s: Stamp, t: Transaction): Promise<boolean> {
    try {
      const [count] = await JiedanModel.update(
        {
          status: 'accepted',
          agreeTime: s.now,
          agreeUserId: s.by,
          acceptedOrderId: bid.orderId,
          updatedBy: s.by,
          updatedAt: s.now,
        },
        { where: { id: bid.id, ...PENDING }, transaction: t, silent: true },
      );
      return count === 1;
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new AcceptedBidExistsError();
      throw err;
    }
  }

  /** pending → rejected with a reason, for the given bids; answers the ids that changed. */
  async reject(ids: number[], reason: string | null, s: Stamp, t: Transaction): Promise<number[]> {
    if (ids.length === 0) return [];
    const candidates = await JiedanModel.findAll({
      attributes: ['id'],
      where: { id: { [Op.in]: ids }, ...PENDING },
      transaction: t,
    });
    const pending = candidates.map((r) => Number(r.id));
    if (pending.length === 0) return [];
    await JiedanModel.update(
      {
        status: 'rejected',
        rejectReason: reason,
        rejectedBy: s.by,
        rejectedAt: s.now,
        updatedBy: s.by,
        updatedAt: s.now,
      },
      { where: { id: { [Op.in]: pending }, ...PENDING }, transaction: t, silent: true },
    );
    return pending;
  }

  /** The other pending bids on an order (those an acceptance rejects). */
  async otherPendingIds(orderId: number, exceptId: number, t: Transaction): Promise<number[]> {
    const rows = await JiedanModel.findAll({
      attributes: ['id'],
      where: { orderId, id: { [Op.ne]: exceptId }, ...PENDING },
      order: [['id', 'ASC']],
      transaction: t,
    });
    return rows.map((r) => Number(r.id));
  }

  /** A new price for a pending bid; false when it is no longer pending. */
  async updatePrice(id: number, price: string, s: Stamp, t: Transaction): Promise<boolean> {
    const [count] = await JiedanModel.update(
      { price, updatedBy: s.by, updatedAt: s.now },
      { where: { id, ...PENDING }, transaction: t, silent: true },
    );
    return count === 1;
  }

  /**
   * Soft delete: `deleted_at` set, `alive` and `accepted_order_id` cleared (so the factory may bid again and the
   * order may accept another bid). `onlyPending` makes it conditional on the bid still being pending.
   */
  async softDelete(id: number, onlyPending: boolean, s: Stamp, t: Transaction): Promise<boolean> {
    const [count] = await JiedanModel.update(
      { deletedAt: s.now, alive: null, acceptedOrderId: null, updatedBy: s.by, updatedAt: s.now },
      { where: { id, ...(onlyPending ? PENDING : LIVE) }, transaction: t, silent: true },
    );
    return count === 1;
  }

  /** OrderSupplierHints: the factory whose live bid on the order was accepted (one by the unique key). */
  async acceptedFactoryOf(orderId: number, t?: Transaction): Promise<number | null> {
    const row = await JiedanModel.findOne({
      attributes: ['factoryId'],
      where: { acceptedOrderId: orderId },
      transaction: t,
    });
    return row ? Number(row.factoryId) : null;
  }

  /** The accepted live bid's id on an order, if any. */
  async acceptedIdOf(orderId: number, t?: Transaction): Promise<number | null> {
    const row = await JiedanModel.findOne({ attributes: ['id'], where: { acceptedOrderId: orderId }, transaction: t });
    return row ? Number(row.id) : null;
  }

  /** Live bids per order (one GROUP BY over the order index). */
  async countsByOrder(orderIds: number[]): Promise<Map<number, number>> {
    if (orderIds.length === 0) return new Map();
    const rows = (await JiedanModel.findAll({
      attributes: ['orderId', [fn('COUNT', col('id')), 'n']],
      where: { orderId: { [Op.in]: orderIds }, ...LIVE },
      group: [col('order_id')],
      paranoid: false,
      raw: true,
    })) as unknown as { orderId: number | string; n: number | string }[];
    return new Map(rows.map((r) => [Number(r.orderId), Number(r.n)]));
  }

  /** One factory's live bid per order, for the given orders. */
  async ofFactoryFor(factoryId: number, orderIds: number[]): Promise<Map<number, JiedanRecord>> {
    if (orderIds.length === 0) return new Map();
    const rows = await JiedanModel.findAll({ where: { factoryId, orderId: { [Op.in]: orderIds }, ...LIVE } });
    return new Map(rows.map((r) => [Number(r.orderId), toJiedanRecord(r)]));
  }
}
