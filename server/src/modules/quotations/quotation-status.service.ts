import type { Transaction } from 'sequelize';
import type { QuotationDetail, QuotationReject, QuotationStatus, QuotationValidity } from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import type { QuotationEventType } from './quotation-events.repository';
import type { QuotationRecord } from './quotation-records';
import type { QuotationPatch } from './quotations.repository';
import { utcDay, type QuotationsDeps, type QuotationsService } from './quotations.service';

const wrongState = (q: QuotationRecord, action: string) =>
  new AppError('QUOTATION_WRONG_STATE', `报价单状态为 ${q.status}，不能${action}`, { status: q.status });

const EXPIRY_BATCH = 200;

/**
 * The life of a quotation: draft → sent → accepted | rejected | expired (→ sent again when extended).
 * Every change is a conditional UPDATE inside the transaction, so two concurrent calls cannot both win:
 * the loser answers 422. Validity days are UTC calendar days; a quotation is valid through its `validUntil`.
 */
export class QuotationStatusService {
  constructor(
    private readonly d: QuotationsDeps,
    private readonly quotations: QuotationsService,
  ) {}

  /** draft → sent: needs at least one item and a validity that has not ended. */
  async send(principal: Principal, id: number): Promise<QuotationDetail> {
    await this.change(principal, id, async (c) => {
      if (c.q.status !== 'draft') throw wrongState(c.q, '发送');
      if ((await this.d.items.listFor(c.q.id, c.t)).length === 0) throw new AppError('QUOTATION_NO_ITEMS');
      if (c.q.validUntil < utcDay(c.now)) {
        throw new AppError('QUOTATION_EXPIRED', '报价单已过有效期，请先修改有效期再发送');
      }
      await this.transition(c, { status: 'sent', sentAt: c.now }, ['draft'], 'sent');
    });
    return this.quotations.get(principal, id);
  }

  /** sent → accepted, while the quotation is still valid. */
  async accept(principal: Principal, id: number): Promise<QuotationDetail> {
    await this.change(principal, id, async (c) => {
      if (c.q.status !== 'sent') throw wrongState(c.q, '确认接受');
      if (c.q.validUntil < utcDay(c.now)) {
        throw new AppError('QUOTATION_EXPIRED', `报价单已于 ${c.q.validUntil} 过期`);
      }
      await this.transition(c, { status: 'accepted', acceptedAt: c.now }, ['sent'], 'accepted');
    });
    return this.quotations.get(principal, id);
  }

  /** sent → rejected, with the lost-deal reason (counted by `rejectReasonCounts`). */
  async reject(principal: Principal, id: number, input: QuotationReject): Promise<QuotationDetail> {
    await this.change(principal, id, async (c) => {
      if (c.q.status !== 'sent') throw wrongState(c.q, '标记为拒绝');
      const patch = {
        status: 'rejected' as const,
        rejectedAt: c.now,
        rejectReasonCode: input.reasonCode,
        rejectReason: input.reason ?? null,
      };
      const reason = input.reason ? `${input.reasonCode}：${input.reason}` : input.reasonCode;
      await this.transition(c, patch, ['sent'], 'rejected', reason);
    });
    return this.quotations.get(principal, id);
  }

  /**
   * 6.7: a later `validUntil` for a draft, sent or expired quotation; an expired one is sent again. The new date
   * must be after the current one and not in the past; the extension and its reason go into the history.
   */
  async extendValidity(principal: Principal, id: number, input: QuotationValidity): Promise<QuotationDetail> {
    await this.change(principal, id, async (c) => {
      const { q } = c;
      if (!['draft', 'sent', 'expired'].includes(q.status)) throw wrongState(q, '延长有效期');
      const date = input.newValidUntil;
      if (date <= q.validUntil) throw invalidDate(`新的有效期须晚于当前有效期 ${q.validUntil}`);
      if (date < utcDay(c.now)) throw invalidDate('新的有效期不能早于今天');
      const reopen = q.status === 'expired';
      const patch = reopen ? { validUntil: date, status: 'sent' as const, expiredAt: null } : { validUntil: date };
      if (!(await this.d.quotations.update(q.id, { ...patch, updatedBy: c.by }, c.t, { status: [q.status] }))) {
        throw lostRace();
      }
      await this.record(c, q.id, 'validity_extended', q.validUntil, date, input.extensionReason);
      if (reopen) await this.record(c, q.id, 'reopened', 'expired', 'sent');
    });
    return this.quotations.get(principal, id);
  }

  /**
   * The expiry job: sent quotations whose last valid day is before `today` become expired, each with an event.
   * Idempotent (a second run finds nothing); a quotation extended meanwhile is left alone by the guard.
   */
  async expireDue(today: string): Promise<number> {
    let expired = 0;
    for (let batch = 0; batch < 50; batch += 1) {
      const ids = await this.d.quotations.dueForExpiry(today, EXPIRY_BATCH);
      if (ids.length === 0) break;
      expired += await this.d.db.transaction(async (t) => {
        let n = 0;
        const now = this.d.clock.now();
        for (const id of ids) {
          const patch = { status: 'expired' as const, expiredAt: now, updatedBy: null };
          if (!(await this.d.quotations.update(id, patch, t, { status: ['sent'], validUntilBefore: today }))) continue;
          await this.record({ t, now, by: null }, id, 'expired', 'sent', 'expired');
          n += 1;
        }
        return n;
      });
      if (ids.length < EXPIRY_BATCH) break;
    }
    return expired;
  }

  /** Runs `fn` on the caller's quotation inside a transaction, with the clock's now. */
  private change(principal: Principal, id: number, fn: (c: Change) => Promise<void>): Promise<void> {
    return this.d.db.transaction(async (t) => {
      const q = await this.quotations.mustFind(id, scopeFor(principal), t);
      await fn({ q, t, now: this.d.clock.now(), by: principal.userId });
    });
  }

  /** The conditional status change plus its event; losing the race answers 422. */
  private async transition(
    c: Change,
    patch: Omit<QuotationPatch, 'updatedBy'> & { status: QuotationStatus },
    from: QuotationStatus[],
    eventType: QuotationEventType,
    reason?: string,
  ): Promise<void> {
    if (!(await this.d.quotations.update(c.q.id, { ...patch, updatedBy: c.by }, c.t, { status: from }))) {
      throw lostRace();
    }
    await this.record(c, c.q.id, eventType, c.q.status, patch.status, reason);
  }

  private record(
    c: Pick<Change, 't' | 'now' | 'by'>,
    quotationId: number,
    eventType: QuotationEventType,
    fromValue?: string,
    toValue?: string,
    reason?: string,
  ): Promise<void> {
    return this.d.events.record(
      { quotationId, eventType, fromValue, toValue, reason, createdBy: c.by, createdAt: c.now },
      c.t,
    );
  }
}

/** One state change in progress: the quotation as read, its transaction, the time and who acts. */
interface Change {
  q: QuotationRecord;
  t: Transaction;
  now: Date;
  by: number | null;
}

const lostRace = () => new AppError('QUOTATION_WRONG_STATE', '报价单状态已被他人修改，请刷新后重试');

function invalidDate(message: string): AppError {
  return new AppError('VALIDITY_DATE_INVALID', message, [{ field: 'newValidUntil', message }]);
}
