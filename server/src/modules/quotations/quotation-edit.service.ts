import type { Transaction } from 'sequelize';
import type { QuotationDetail, QuotationItemInput, QuotationUpdate } from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import { formatMoney } from '../../platform/money';
import type { QuotationEventType } from './quotation-events.repository';
import type { QuotationItemRecord, QuotationItemWrite, QuotationRecord } from './quotation-records';
import { blankQuotation, type QuotationsDeps, type QuotationsService } from './quotations.service';
import type { QuotationPatch } from './quotations.repository';

const STATUS_LABEL: Record<string, string> = {
  draft: '草稿',
  sent: '已发送',
  accepted: '已接受',
  rejected: '已拒绝',
  expired: '已过期',
  superseded: '已被新版本取代',
};

const notEditable = (status: string, what = '修改') =>
  new AppError('QUOTATION_NOT_EDITABLE', `${STATUS_LABEL[status] ?? status}的报价单不能${what}`);

/**
 * 004 §6.4-6.6. A draft is edited in place. Editing a sent quotation makes a new version: a new draft row
 * (`QUOT-2026-001-V2`) carrying the edits, and the sent one becomes `superseded`, in one transaction.
 */
export class QuotationEditService {
  constructor(
    private readonly d: QuotationsDeps,
    private readonly quotations: QuotationsService,
  ) {}

  /** Returns the edited draft: the same quotation, or its new version. */
  async update(principal: Principal, id: number, input: QuotationUpdate): Promise<QuotationDetail> {
    const targetId = await this.d.db.transaction(async (t) => {
      const current = await this.quotations.mustFind(id, scopeFor(principal), t);
      if (current.status === 'draft') {
        await this.editDraft(current, input, principal.userId, t);
        return current.id;
      }
      if (current.status === 'sent') return this.newVersion(current, input, principal.userId, t);
      throw notEditable(current.status);
    });
    return this.quotations.get(principal, targetId);
  }

  async addItem(principal: Principal, id: number, input: QuotationItemInput): Promise<QuotationDetail> {
    await this.d.db.transaction(async (t) => {
      const current = await this.quotations.mustFind(id, scopeFor(principal), t);
      if (current.status !== 'draft') throw notEditable(current.status, '增加产品');
      await this.claimDraft(id, principal.userId, t);
      const line = await this.d.lines.buildOne(input, t);
      await this.d.items.insert(id, [line], principal.userId, t);
      await this.d.lines.recompute(id, principal.userId, t);
      await this.event(id, 'item_added', principal.userId, t, line.productCode);
    });
    return this.quotations.get(principal, id);
  }

  async removeItem(principal: Principal, id: number, itemId: number): Promise<QuotationDetail> {
    await this.d.db.transaction(async (t) => {
      const current = await this.quotations.mustFind(id, scopeFor(principal), t);
      if (current.status !== 'draft') throw notEditable(current.status, '删除产品');
      await this.claimDraft(id, principal.userId, t);
      if (!(await this.d.items.remove(id, itemId, principal.userId, this.d.clock.now(), t))) {
        throw new AppError('QUOTATION_ITEM_NOT_FOUND');
      }
      await this.d.lines.recompute(id, principal.userId, t);
      await this.event(id, 'item_removed', principal.userId, t, String(itemId));
    });
    return this.quotations.get(principal, id);
  }

  private async editDraft(current: QuotationRecord, input: QuotationUpdate, by: number, t: Transaction): Promise<void> {
    const patch = await this.patchOf(current, input, by, t);
    if (!(await this.d.quotations.update(current.id, patch, t, { status: ['draft'] }))) throw notEditable('sent');
    if (input.items) {
      const lines = await this.d.lines.build(input.items, t);
      await this.d.items.removeAll(current.id, by, this.d.clock.now(), t);
      await this.d.items.insert(current.id, lines, by, t);
      await this.d.lines.recompute(current.id, by, t);
    }
    await this.event(current.id, 'updated', by, t);
  }

  private async newVersion(current: QuotationRecord, input: QuotationUpdate, by: number, t: Transaction) {
    const patch = await this.patchOf(current, input, by, t);
    const lines = input.items
      ? await this.d.lines.build(input.items, t)
      : (await this.d.items.listFor(current.id, t)).map(copyLine);
    // The state check and the claim in one statement: of two concurrent edits only one supersedes v1.
    const superseded = await this.d.quotations.update(current.id, { status: 'superseded', updatedBy: by }, t, {
      status: ['sent'],
    });
    if (!superseded) throw notEditable('superseded');
    const version = current.version + 1;
    const quotationNo = `${current.baseNo}-V${version}`;
    const { updatedBy: _u, ...fields } = patch;
    const newId = await this.d.quotations.create(
      {
        ...withoutRowFields(current),
        ...blankQuotation(),
        ...fields,
        quotationNo,
        version,
        previousVersionId: current.id,
        createdBy: by,
        updatedBy: by,
      },
      t,
    );
    await this.d.items.insert(newId, lines, by, t);
    await this.d.lines.recompute(newId, by, t);
    await this.d.quotations.update(current.id, { supersededById: newId, updatedBy: by }, t);
    await this.event(current.id, 'superseded', by, t, quotationNo, 'sent');
    await this.event(newId, 'new_version', by, t, quotationNo, current.quotationNo);
    return newId;
  }

  /** The fields of `input` as a patch, after checking the contact and the validity window against the row. */
  private async patchOf(current: QuotationRecord, input: QuotationUpdate, by: number, t: Transaction) {
    const { items: _items, ...fields } = input;
    const validFrom = input.validFrom ?? current.validFrom;
    const validUntil = input.validUntil ?? current.validUntil;
    if (validUntil < validFrom) {
      throw new AppError('VALIDITY_DATE_INVALID', `有效期截止日 ${validUntil} 早于开始日 ${validFrom}`, [
        { field: input.validUntil ? 'validUntil' : 'validFrom', message: '有效期截止日不能早于开始日' },
      ]);
    }
    if (input.customerContactId) await this.quotations.assertContact(current.customerId, input.customerContactId, t);
    return { ...fields, updatedBy: by } satisfies QuotationPatch;
  }

  /** Marks the draft as just edited by `by` (the conditional update keeps a concurrent send from slipping in). */
  private async claimDraft(id: number, by: number, t: Transaction): Promise<void> {
    if (!(await this.d.quotations.update(id, { updatedBy: by }, t, { status: ['draft'] }))) throw notEditable('sent');
  }

  private event(
    id: number,
    eventType: QuotationEventType,
    by: number,
    t: Transaction,
    toValue?: string,
    fromValue?: string,
  ): Promise<void> {
    return this.d.events.record(
      { quotationId: id, eventType, fromValue, toValue, createdBy: by, createdAt: this.d.clock.now() },
      t,
    );
  }
}

/** A stored line as a new line of the next version (same snapshot and prices). */
function copyLine(item: QuotationItemRecord): QuotationItemWrite {
  const { id: _id, quotationId: _q, sortOrder: _s, ...line } = item;
  return {
    ...line,
    standardPrice: formatMoney(line.standardPrice),
    actualPrice: formatMoney(line.actualPrice),
    discountAmount: formatMoney(line.discountAmount),
    discountRate: formatMoney(line.discountRate),
    subtotal: formatMoney(line.subtotal),
  };
}

/** The row's own fields that a new version copies (identity and timestamps are the new row's). */
function withoutRowFields(r: QuotationRecord) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
}
