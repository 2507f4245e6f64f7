import type { Transaction } from 'sequelize';
import {
  PROGRESS_STATUS_LABELS,
  PROGRESS_TYPE_LABELS,
  type OrderStatus,
  type ProgressCreate,
  type ProgressDto,
  type ProgressUpdate,
} from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { Clock } from '../../platform/clock';
import type { DomainEvents } from '../../platform/domain-events';
import { scopeFor, type Principal } from '../access/principal';
import type { UploadAttacher } from '../files/upload-attacher';
import type { OrderEventsRepository, OrderEventType } from '../orders/order-events.repository';
import type { UsersRepository } from '../users/users.repository';
import { isDelayed, latestOfEachStage, toProgressDto } from './progress.mapper';
import type { ProgressOrder, ProgressPatch, ProgressRecord, ProgressRepository } from './progress.repository';

export interface ProgressDeps {
  db: Database;
  clock: Clock;
  progress: ProgressRepository;
  events: OrderEventsRepository;
  users: Pick<UsersRepository, 'displayNames'>;
  uploads: UploadAttacher;
  domainEvents: DomainEvents;
}

/** Orders on which nothing is produced any more: no new posts, no corrections. */
const CLOSED: readonly OrderStatus[] = ['COMPLETED', 'CANCELLED'];

const OWNER = 'progress';

const stageLabel = (r: Pick<ProgressRecord, 'type' | 'status'>) =>
  `${PROGRESS_TYPE_LABELS[r.type]}：${PROGRESS_STATUS_LABELS[r.status]}`;

const time = (v: string | null | undefined): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : new Date(v);

function checkTimes(start: Date | null, completed: Date | null): void {
  if (start && completed && completed < start) {
    const message = '完成时间不能早于开始时间';
    throw new AppError('VALIDATION_ERROR', `请求参数错误：completed_time ${message}`, [
      { field: 'completed_time', message },
    ]);
  }
}

/**
 * Production progress (000): factories working on an order post a stage's state with photos, correct or delete
 * their own posts; staff in scope, the order's bound customer and the factory read them. Every change is on the
 * order timeline; a new post is announced (`progress.posted`) for the customer's notices.
 */
export class ProgressService {
  constructor(private readonly d: ProgressDeps) {}

  async list(principal: Principal, orderId: number): Promise<ProgressDto[]> {
    // A factory sees its own posts only; everyone else every factory's.
    const records = await this.d.progress.listVisible(orderId, scopeFor(principal));
    if (!records) throw new AppError('ORDER_NOT_FOUND');
    return this.toDtos(records);
  }

  async create(principal: Principal, orderId: number, input: ProgressCreate): Promise<ProgressDto> {
    const factoryId = this.factoryOf(principal);
    // Not its order: 404 whatever the body says.
    const order = await this.openOrder(principal, orderId);
    if (input.order_id !== orderId) {
      const message = '与路径中的订单ID不一致';
      throw new AppError('VALIDATION_ERROR', `请求参数错误：order_id ${message}`, [{ field: 'order_id', message }]);
    }
    if (input.factory_id !== factoryId) throw new AppError('FORBIDDEN', '只能以本工厂身份填报进度');
    const now = this.d.clock.now();
    const startTime = time(input.start_time) ?? null;
    // A post that says "completed" without a time was completed now.
    const completedTime = time(input.completed_time) ?? (input.status === 'completed' ? now : null);
    checkTimes(startTime, completedTime);
    const record = await this.d.db.transaction(async (t) => {
      const previous = await this.d.progress.latestOfStage(orderId, factoryId, input.type, t);
      const planned = time(input.planned_time);
      const plannedTime = planned === undefined ? (previous?.plannedTime ?? null) : planned;
      const samePlan = previous !== null && previous.plannedTime?.getTime() === plannedTime?.getTime();
      const id = await this.d.progress.create(
        {
          orderId,
          factoryId,
          type: input.type,
          status: input.status,
          description: input.description || null,
          startTime,
          completedTime,
          plannedTime,
          reportedBy: principal.userId,
          createdAt: now,
          // The stage's lateness, once on the timeline, is not announced again while the plan stays.
          delayNotedAt: samePlan ? (previous?.delayNotedAt ?? null) : null,
        },
        t,
      );
      await this.d.progress.supersede({ orderId, factoryId, type: input.type, id }, now, t);
      const images = await this.attach(input.images ?? [], id, principal.userId, t);
      if (images.length > 0)
        await this.d.progress.update({ id, orderId }, { images, updatedBy: principal.userId, updatedAt: now }, t);
      const created = await this.mustFind(id, orderId, t);
      await this.record(t, order, 'progress_posted', principal.userId, now, `生产进度 ${stageLabel(created)}`, {
        progressId: id,
        factoryId,
        type: created.type,
        status: created.status,
        images: images.length,
      });
      return created;
    });
    this.d.domainEvents.emit('progress.posted', {
      orderId,
      orderNo: order.orderNo,
      customerId: order.customerId,
      factoryId,
      progressId: record.id,
      type: record.type,
      status: record.status,
      at: now,
    });
    return this.toDto(record);
  }

  /** A factory corrects its own post; the timeline keeps what it said before. */
  async update(principal: Principal, orderId: number, id: number, input: ProgressUpdate): Promise<ProgressDto> {
    const factoryId = this.factoryOf(principal);
    const order = await this.openOrder(principal, orderId);
    const now = this.d.clock.now();
    const record = await this.d.db.transaction(async (t) => {
      const before = await this.ownPost(id, orderId, factoryId, t);
      const patch: ProgressPatch = { updatedBy: principal.userId, updatedAt: now };
      if (input.status !== undefined) patch.status = input.status;
      if (input.description !== undefined) patch.description = input.description || null;
      const start = time(input.start_time);
      const completed = time(input.completed_time);
      const planned = time(input.planned_time);
      if (start !== undefined) patch.startTime = start;
      if (completed !== undefined) patch.completedTime = completed;
      else if (input.status === 'completed' && before.completedTime === null) patch.completedTime = now;
      if (planned !== undefined) patch.plannedTime = planned;
      checkTimes(patch.startTime ?? before.startTime, patch.completedTime ?? before.completedTime);
      if (input.images !== undefined) {
        await this.d.uploads.detach({ type: OWNER, id }, t);
        patch.images = await this.attach(input.images, id, principal.userId, t);
      }
      const replanned = planned !== undefined && planned?.getTime() !== before.plannedTime?.getTime();
      await this.d.progress.update({ id, orderId }, patch, t, { replanned });
      const after = await this.mustFind(id, orderId, t);
      await this.record(t, order, 'progress_updated', principal.userId, now, `修改生产进度 ${stageLabel(after)}`, {
        progressId: id,
        factoryId,
        before: snapshot(before),
        after: snapshot(after),
      });
      return after;
    });
    return this.toDto(record);
  }

  /** A factory withdraws its own post (soft delete); the timeline keeps what it said. */
  async remove(principal: Principal, orderId: number, id: number): Promise<{ id: number; deleted: true }> {
    const factoryId = this.factoryOf(principal);
    const order = await this.openOrder(principal, orderId);
    const now = this.d.clock.now();
    await this.d.db.transaction(async (t) => {
      const before = await this.ownPost(id, orderId, factoryId, t);
      if (!(await this.d.progress.softDelete({ id, orderId }, principal.userId, now, t))) {
        throw new AppError('PROGRESS_NOT_FOUND');
      }
      await this.record(t, order, 'progress_deleted', principal.userId, now, `删除生产进度 ${stageLabel(before)}`, {
        progressId: id,
        factoryId,
        before: snapshot(before),
      });
    });
    return { id, deleted: true };
  }

  /** The auto-check: each stage found past its plan goes on its order's timeline once. */
  async noteDelays(limit = 200): Promise<number> {
    const now = this.d.clock.now();
    const overdue = await this.d.progress.overdueStages(now, limit);
    for (const stage of overdue) {
      await this.d.db.transaction(async (t) => {
        if ((await this.d.progress.markDelayNoted([stage.id], now, t)) === 0) return;
        const label = `${PROGRESS_TYPE_LABELS[stage.type]}阶段已超过计划完成时间`;
        await this.d.events.record(
          {
            orderId: stage.orderId,
            eventType: 'progress_delayed',
            note: label,
            data: {
              progressId: stage.id,
              factoryId: stage.factoryId,
              type: stage.type,
              status: stage.status,
              plannedTime: stage.plannedTime.toISOString(),
            },
            actorId: null,
            createdAt: now,
          },
          t,
        );
      });
    }
    return overdue.length;
  }

  private factoryOf(principal: Principal): number {
    if (principal.userType !== 'wechat' || principal.factoryId === null) {
      throw new AppError('FORBIDDEN', '只有工厂用户可以填报或修改生产进度');
    }
    return principal.factoryId;
  }

  /** The order the factory works on, still in production (404 when not its order; 400 when closed). */
  private async openOrder(principal: Principal, orderId: number): Promise<ProgressOrder> {
    const order = await this.d.progress.visibleOrder(orderId, scopeFor(principal));
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    if (CLOSED.includes(order.status)) {
      throw new AppError('ORDER_INVALID_STATUS', `订单状态为 ${order.status}，不能再填报或修改生产进度`);
    }
    return order;
  }

  private async ownPost(id: number, orderId: number, factoryId: number, t: Transaction): Promise<ProgressRecord> {
    const post = await this.d.progress.find(id, orderId, t);
    if (!post || post.factoryId !== factoryId) throw new AppError('PROGRESS_NOT_FOUND');
    return post;
  }

  private async mustFind(id: number, orderId: number, t: Transaction): Promise<ProgressRecord> {
    const post = await this.d.progress.find(id, orderId, t);
    if (!post) throw new AppError('PROGRESS_NOT_FOUND');
    return post;
  }

  private attach(urls: readonly string[], id: number, by: number, t: Transaction) {
    return urls.length === 0 ? Promise.resolve([]) : this.d.uploads.attach(urls, { type: OWNER, id }, by, t);
  }

  private record(
    t: Transaction,
    order: ProgressOrder,
    type: OrderEventType,
    actorId: number,
    at: Date,
    note: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    return this.d.events.record({ orderId: order.id, eventType: type, note, data, actorId, createdAt: at }, t);
  }

  private async toDto(record: ProgressRecord): Promise<ProgressDto> {
    const [dto] = await this.toDtos([record], false);
    return dto;
  }

  /** Lateness shows on the newest post of each stage (of the posts shown). */
  private async toDtos(records: readonly ProgressRecord[], markLatest = true): Promise<ProgressDto[]> {
    const now = this.d.clock.now();
    const latest = markLatest ? latestOfEachStage(records) : new Set(records.map((r) => r.id));
    const names = await this.d.users.displayNames(
      records.map((r) => r.reportedBy).filter((x): x is number => x !== null),
    );
    return records.map((r) =>
      toProgressDto(
        r,
        isDelayed(r, latest.has(r.id), now),
        r.reportedBy === null ? null : (names.get(r.reportedBy) ?? null),
      ),
    );
  }
}

/** What a post said, for the timeline. */
function snapshot(r: ProgressRecord) {
  return {
    type: r.type,
    status: r.status,
    description: r.description,
    startTime: r.startTime?.toISOString() ?? null,
    completedTime: r.completedTime?.toISOString() ?? null,
    plannedTime: r.plannedTime?.toISOString() ?? null,
    images: r.images.map((i) => i.url),
  };
}
