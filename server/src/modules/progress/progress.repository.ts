import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { OrderStatus, ProgressStatus, ProgressType } from '@app/shared';
import type { Database, RawRow, SqlParam } from '../../db/database';
import { OrderProgressModel } from '../../db/models';
import type { DataScope } from '../access/principal';
import { asDate, idOrNull } from '../orders/order-records';
import { SharedCache, type SharedCacheOptions } from '../../platform/shared-cache';
import { orderScopeSql, type OrderDetailRecord } from '../orders/orders.repository';

/** A progress post as services see it. */
export interface ProgressRecord {
  id: number;
  orderId: number;
  factoryId: number;
  factoryName: string | null;
  type: ProgressType;
  status: ProgressStatus;
  description: string | null;
  startTime: Date | null;
  completedTime: Date | null;
  plannedTime: Date | null;
  images: StoredImage[];
  reportedBy: number | null;
  updatedBy: number | null;
  /** When the stage's lateness went on the order timeline (or a newer post took the stage over). */
  delayNotedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An image as a post keeps it: the full picture and its thumbnail (null when it has none). */
export interface StoredImage {
  url: string;
  thumbnailUrl: string | null;
}

export type ProgressWrite = Pick<
  ProgressRecord,
  'orderId' | 'factoryId' | 'type' | 'status' | 'description' | 'startTime' | 'completedTime' | 'plannedTime'
> & { reportedBy: number; createdAt: Date };

export type ProgressPatch = Partial<
  Pick<ProgressRecord, 'status' | 'description' | 'startTime' | 'completedTime' | 'plannedTime' | 'images'>
> & { updatedBy: number; updatedAt: Date };

/** The order a post belongs to, as far as progress needs it. */
export interface ProgressOrder {
  id: number;
  orderNo: string;
  customerId: number;
  status: OrderStatus;
}

/** A stage past its plan that the order timeline has not shown as late yet. */
export interface OverdueStage {
  id: number;
  orderId: number;
  factoryId: number;
  type: ProgressType;
  status: ProgressStatus;
  plannedTime: Date;
}

const COLUMNS =
  'p.id, p.orderId, p.factoryId, f.name AS factoryName, p.type, p.status, p.description, p.startTime, ' +
  'p.completedTime, p.plannedTime, p.images, p.reportedBy, p.updatedBy, p.delayNotedAt, p.createdAt, p.updatedAt';

const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : asDate(v as Date | string));

export function parseImages(raw: unknown): StoredImage[] {
  if (typeof raw !== 'string' || raw === '') return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.flatMap((v: unknown) => {
      const image = v as Partial<StoredImage> | null;
      return image && typeof image.url === 'string'
        ? [{ url: image.url, thumbnailUrl: typeof image.thumbnailUrl === 'string' ? image.thumbnailUrl : null }]
        : [];
    });
  } catch {
    return [];
  }
}

function toRecord(r: RawRow): ProgressRecord {
  return {
    id: Number(r.id),
    orderId: Number(r.orderId),
    factoryId: Number(r.factoryId),
    factoryName: r.factoryName === null || r.factoryName === undefined ? null : String(r.factoryName),
    type: r.type as ProgressType,
    status: r.status as ProgressStatus,
    description: r.description === null || r.description === undefined ? null : String(r.description),
    startTime: dateOrNull(r.startTime),
    completedTime: dateOrNull(r.completedTime),
    plannedTime: dateOrNull(r.plannedTime),
    images: parseImages(r.images),
    reportedBy: idOrNull(r.reportedBy as number | null),
    updatedBy: idOrNull(r.updatedBy as number | null),
    delayNotedAt: dateOrNull(r.delayNotedAt),
    createdAt: asDate(r.createdAt as Date | string),
    updatedAt: asDate(r.updatedAt as Date | string),
  };
}

/** Who sees an order's progress, as a condition on `orders o`. */
function visibility(scope: DataScope): { sql: string; params: SqlParam[] } {
  if (scope.kind === 'factory') {
    return {
      sql:
        '(EXISTS (SELECT 1 FROM purchase_orders po WHERE po.orderId = o.id AND po.factoryId = ?)' +
        ' OR EXISTS (SELECT 1 FROM jiedan j WHERE j.accepted_order_id = o.id AND j.factory_id = ?))',
      params: [scope.factoryId, scope.factoryId],
    };
  }
  return orderScopeSql(scope, 'o');
}

function toOrder(r: RawRow): ProgressOrder {
  return {
    id: Number(r.id),
    orderNo: String(r.orderNo),
    customerId: Number(r.customerId),
    status: r.status as OrderStatus,
  };
}

/** Where the list learns whether the caller sees an order: the order detail (cached) in the caller's scope. */
export interface VisibleOrders {
  findDetail(id: number, scope: DataScope): Promise<OrderDetailRecord | null>;
}

/**
 * Production progress (000): raw reads for the lists (the mini-program's hot path), model writes. The live posts
 * of an order are cached per order and dropped on every write to them (a factory's new name shows within the TTL).
 */
export class ProgressRepository {
  private readonly posts: SharedCache<ProgressRecord[]> | null;

  constructor(
    private readonly db: Database,
    private readonly orders: VisibleOrders,
    cache: Omit<SharedCacheOptions, 'name'> | null = null,
  ) {
    this.posts = cache ? new SharedCache((orderId) => this.readPosts(orderId), { name: 'progress', ...cache }) : null;
  }

  /** The posts cache, to subscribe to other instances' invalidations (null when caching is off). */
  get postsCache(): SharedCache<ProgressRecord[]> | null {
    return this.posts;
  }

  /** Drops an order's cached posts now and again when `t` commits (see OrdersRepository.changed). */
  private changed(orderId: number, t: Transaction): void {
    const posts = this.posts;
    if (!posts) return;
    posts.invalidate(orderId);
    t.afterCommit(() => posts.invalidate(orderId));
  }

  /**
   * The order if the caller may see its progress: staff by the order scope, a bound company its own orders, a
   * factory the orders it works on (a purchase order of it, or its accepted bid).
   */
  async visibleOrder(orderId: number, scope: DataScope): Promise<ProgressOrder | null> {
    const where = visibility(scope);
    const rows = await this.db.select(
      `SELECT o.id, o.orderNo, o.customerId, o.status FROM orders o WHERE o.id = ? AND ${where.sql}`,
      [orderId, ...where.params],
    );
    return rows.length === 0 ? null : toOrder(rows[0]);
  }

  /**
   * The posts on an order the caller may see (only its own factory's for a factory), oldest first, with the
   * factory's name; null when the order is not visible. One round trip: the order LEFT JOIN its posts.
   */
  async listVisible(orderId: number, scope: DataScope): Promise<ProgressRecord[] | null> {
    // Staff and companies: whether the order is theirs is a condition on the order row, which the detail cache has.
    if (this.posts && scope.kind !== 'factory') {
      return (await this.orders.findDetail(orderId, scope)) ? this.posts.get(orderId) : null;
    }
    const where = visibility(scope);
    const ownOnly = scope.kind === 'factory' ? ' AND p.factoryId = ?' : '';
    const rows = await this.db.select(
      `SELECT ${COLUMNS} FROM orders o ` +
        `LEFT JOIN order_progress p ON p.orderId = o.id AND p.deletedAt IS NULL${ownOnly} ` +
        'LEFT JOIN factories f ON f.id = p.factoryId ' +
        `WHERE o.id = ? AND ${where.sql} ORDER BY p.createdAt, p.id`,
      [...(scope.kind === 'factory' ? [scope.factoryId] : []), orderId, ...where.params],
    );
    if (rows.length === 0) return null;
    // An order without posts is one row of NULLs on the progress side.
    return rows.filter((r) => r.id !== null && r.id !== undefined).map(toRecord);
  }

  /** Every live post of an order, oldest first, with its factory's name (what the posts cache holds). */
  private async readPosts(orderId: number): Promise<ProgressRecord[]> {
    const rows = await this.db.select(
      `SELECT ${COLUMNS} FROM order_progress p LEFT JOIN factories f ON f.id = p.factoryId ` +
        'WHERE p.orderId = ? AND p.deletedAt IS NULL ORDER BY p.createdAt, p.id',
      [orderId],
    );
    return rows.map(toRecord);
  }

  /** One live post of an order, with its factory's name (inside the caller's transaction). */
  async find(id: number, orderId: number, t?: Transaction): Promise<ProgressRecord | null> {
    const rows = await this.db.sequelize.query<RawRow>(
      `SELECT ${COLUMNS} FROM order_progress p LEFT JOIN factories f ON f.id = p.factoryId ` +
        'WHERE p.id = ? AND p.orderId = ? AND p.deletedAt IS NULL',
      { replacements: [id, orderId], type: QueryTypes.SELECT, transaction: t },
    );
    return rows.length === 0 ? null : toRecord(rows[0]);
  }

  /** The newest live post of one stage of one factory on an order (its plan carries over to the next post). */
  async latestOfStage(orderId: number, factoryId: number, type: ProgressType, t: Transaction) {
    const row = await OrderProgressModel.findOne({
      where: { orderId, factoryId, type, deletedAt: null },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      transaction: t,
      raw: true,
    });
    return row ? toRecord({ ...row, factoryName: null }) : null;
  }

  async create(data: ProgressWrite & { delayNotedAt: Date | null }, t: Transaction): Promise<number> {
    const row = await OrderProgressModel.create(
      { ...data, images: '[]', updatedBy: data.reportedBy, updatedAt: data.createdAt },
      { transaction: t },
    );
    this.changed(data.orderId, t);
    return Number(row.id);
  }

  async update(
    post: { id: number; orderId: number },
    patch: ProgressPatch,
    t: Transaction,
    options: { replanned?: boolean } = {},
  ) {
    const { images, ...rest } = patch;
    await OrderProgressModel.update(
      {
        ...rest,
        ...(images === undefined ? {} : { images: JSON.stringify(images) }),
        ...(options.replanned ? { delayNotedAt: null } : {}),
      },
      { where: { id: post.id }, transaction: t },
    );
    this.changed(post.orderId, t);
  }

  async softDelete(post: { id: number; orderId: number }, by: number, at: Date, t: Transaction): Promise<boolean> {
    const [count] = await OrderProgressModel.update(
      { deletedAt: at, updatedBy: by, updatedAt: at },
      { where: { id: post.id, deletedAt: null }, transaction: t },
    );
    this.changed(post.orderId, t);
    return count === 1;
  }

  /**
   * Stages past their plan and not completed whose lateness is not on the timeline yet, oldest plan first. Only
   * the newest post of a stage can qualify: a new post marks the older ones of its stage (see `supersede`).
   */
  async overdueStages(now: Date, limit: number): Promise<OverdueStage[]> {
    const rows = await OrderProgressModel.findAll({
      attributes: ['id', 'orderId', 'factoryId', 'type', 'status', 'plannedTime'],
      where: { delayNotedAt: null, plannedTime: { [Op.lt]: now }, deletedAt: null, status: { [Op.ne]: 'completed' } },
      order: [['plannedTime', 'ASC']],
      limit,
      raw: true,
    });
    return rows.map((r) => ({
      id: Number(r.id),
      orderId: Number(r.orderId),
      factoryId: Number(r.factoryId),
      type: r.type as ProgressType,
      status: r.status as ProgressStatus,
      plannedTime: asDate(r.plannedTime as unknown as Date | string),
    }));
  }

  /**
   * A newer post of the stage exists: the older ones leave the delay check (their lateness, if any, was noted
   * or is now the newer post's to note).
   */
  async supersede(
    post: { orderId: number; factoryId: number; type: ProgressType; id: number },
    at: Date,
    t: Transaction,
  ) {
    await OrderProgressModel.update(
      { delayNotedAt: at },
      {
        where: {
          orderId: post.orderId,
          factoryId: post.factoryId,
          type: post.type,
          id: { [Op.ne]: post.id },
          delayNotedAt: null,
        },
        transaction: t,
      },
    );
  }

  /** Marks stages as shown late (also superseded ones, so the scan never meets them again). */
  async markDelayNoted(ids: readonly number[], at: Date, t: Transaction): Promise<number> {
    if (ids.length === 0) return 0;
    const [count] = await OrderProgressModel.update(
      { delayNotedAt: at },
      { where: { id: { [Op.in]: [...ids] }, delayNotedAt: null }, transaction: t },
    );
    return count;
  }
}
