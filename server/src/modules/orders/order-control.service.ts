import type { Halt, Reason, Resume } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { Principal } from '../access/principal';
import type { OrderChange, OrderWorkflow } from './order-workflow';

const HOUR_MS = 3_600_000;
const AUTO_RESUME_BATCH = 100;

const statusAnswer = (c: OrderChange) => ({
  id: c.order.id,
  status: c.order.status,
  previousStatus: c.order.previousStatus,
  updatedAt: c.now.toISOString(),
});

/**
 * Lock/unlock (002 §3), halt/resume (§9) with automatic resumption, and the two steps 002 leaves implicit:
 * confirming the drawings (PENDING_CONFIRMATION → PENDING_PO) and completing a delivered order.
 */
export class OrderControlService {
  constructor(private readonly flow: OrderWorkflow) {}

  async lock(principal: Principal, id: number, input: Reason) {
    return this.flow.run(principal, id, async (c) => {
      await this.flow.update(c, { isLocked: true, lockedBy: c.by, lockedAt: c.now, lockReason: input.reason });
      await this.flow.record(c, 'locked', input.reason);
      return { id: c.order.id, isLocked: true, lockedBy: c.by, lockedAt: c.now.toISOString() };
    });
  }

  async unlock(principal: Principal, id: number, input: Reason) {
    return this.flow.run(
      principal,
      id,
      async (c) => {
        if (!c.order.isLocked) throw new AppError('ORDER_INVALID_STATUS', '订单未锁定');
        const applied = await this.flow.d.orders.update(
          c.order.id,
          { isLocked: false, lockedBy: null, lockedAt: null, lockReason: null, updatedBy: c.by },
          c.t,
        );
        if (!applied) throw new AppError('ORDER_NOT_FOUND');
        await this.flow.record(c, 'unlocked', input.reason);
        return { id: c.order.id, isLocked: false, unlockedBy: principal.userId, unlockedAt: c.now.toISOString() };
      },
      { allowLocked: true },
    );
  }

  /** 9.1: keeps the status to come back to; the halt ends by itself after `haltHours` (default 48, at most 168). */
  async halt(principal: Principal, id: number, input: Halt) {
    const { haltDefaultHours, haltMaxHours } = this.flow.d.config;
    const hours = input.haltHours ?? haltDefaultHours;
    if (hours > haltMaxHours) {
      throw new AppError('VALIDATION_ERROR', `叫停最多 ${haltMaxHours} 小时`, [
        { field: 'haltHours', message: `不能超过 ${haltMaxHours}` },
      ]);
    }
    return this.flow.run(principal, id, async (c) => {
      const previousStatus = c.order.status;
      const haltUntil = new Date(c.now.getTime() + hours * HOUR_MS);
      await this.flow.transition(
        c,
        'halt',
        { previousStatus, haltedReason: input.haltedReason, haltType: input.haltType, haltedAt: c.now, haltUntil },
        {
          type: 'halted',
          note: input.haltedReason,
          data: { haltType: input.haltType, haltUntil: haltUntil.toISOString() },
        },
      );
      return {
        id: c.order.id,
        previousStatus,
        status: c.order.status,
        haltedReason: input.haltedReason,
        haltType: input.haltType,
        haltedAt: c.now.toISOString(),
        haltUntil: haltUntil.toISOString(),
      };
    });
  }

  /** 9.2: back to the kept status; reasons go to the timeline (and the operation log through the route). */
  async resume(principal: Principal, id: number, input: Resume) {
    return this.flow.run(principal, id, async (c) => this.resumeIn(c, input.resumeReason, false));
  }

  /** The scheduled job: every halt past its end resumes, each in its own transaction. Idempotent. */
  async resumeExpired(): Promise<number> {
    let resumed = 0;
    const due = await this.flow.d.orders.haltExpired(this.flow.d.clock.now(), AUTO_RESUME_BATCH);
    for (const order of due) {
      const done = await this.flow
        .runAsSystem(order.id, async (c) => {
          if (c.order.status !== 'HALTED' || !c.order.haltUntil || c.order.haltUntil > c.now) return false;
          await this.resumeIn(c, '叫停到期，自动恢复', true);
          return true;
        })
        .catch((err: unknown) => {
          if (err instanceof AppError) return false;
          throw err;
        });
      if (done) resumed += 1;
    }
    return resumed;
  }

  private async resumeIn(c: OrderChange, reason: string, automatic: boolean) {
    await this.flow.transition(
      c,
      'resume',
      { previousStatus: null, haltedReason: null, haltType: null, haltedAt: null, haltUntil: null },
      { type: 'resumed', note: reason, data: { automatic } },
      { allowLocked: automatic },
    );
    await this.afterResume(c);
    return { ...statusAnswer(c), haltedReason: null, haltedAt: null, resumedAt: c.now.toISOString() };
  }

  /** Goods that arrived while the order was halted: back in production with every line in stock means ready to deliver. */
  private async afterResume(c: OrderChange): Promise<void> {
    if (c.order.status !== 'PENDING_PRODUCTION') return;
    const items = await this.flow.d.items.listFor(c.order.id, c.t);
    if (items.length > 0 && items.every((i) => i.deliveryStatus === 'IN_STOCK')) {
      await this.flow.transition(c, 'all_received', {}, { note: '叫停期间已全部入库' }, { allowLocked: true });
    }
  }

  async confirmDrawing(principal: Principal, id: number, input: Partial<Reason>) {
    return this.flow.run(principal, id, async (c) => {
      await this.flow.transition(c, 'confirm_drawing', {}, { note: input.reason ?? '客户已确认深化图' });
      return statusAnswer(c);
    });
  }

  async complete(principal: Principal, id: number) {
    return this.flow.run(principal, id, async (c) => {
      await this.flow.transition(c, 'complete', { completedAt: c.now, closedAt: c.now }, { type: 'completed' });
      return statusAnswer(c);
    });
  }
}
