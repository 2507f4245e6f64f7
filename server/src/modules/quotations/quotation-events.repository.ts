import type { Transaction } from 'sequelize';
import { QuotationEventModel } from '../../db/models';
import { idOrNull, type QuotationEventRecord } from './quotation-records';

export type QuotationEventType =
  | 'created'
  | 'updated'
  | 'new_version'
  | 'superseded'
  | 'item_added'
  | 'item_removed'
  | 'sent'
  | 'accepted'
  | 'rejected'
  | 'expired'
  | 'validity_extended'
  | 'reopened'
  | 'pdf_generated'
  | 'converted';

export interface QuotationEventWrite {
  quotationId: number;
  eventType: QuotationEventType;
  fromValue?: string | null;
  toValue?: string | null;
  reason?: string | null;
  createdBy: number | null;
  createdAt: Date;
}

/** The append-only history of quotations (status changes, extensions with their reason, versions). */
export class QuotationEventsRepository {
  async record(event: QuotationEventWrite, t: Transaction): Promise<void> {
    await QuotationEventModel.create(
      {
        ...event,
        fromValue: event.fromValue ?? null,
        toValue: event.toValue ?? null,
        reason: event.reason?.slice(0, 500) ?? null,
      },
      { transaction: t },
    );
  }

  async listFor(quotationId: number): Promise<QuotationEventRecord[]> {
    const rows = await QuotationEventModel.findAll({ where: { quotationId }, order: [['id', 'ASC']] });
    return rows.map((r) => ({
      eventType: r.eventType,
      fromValue: r.fromValue,
      toValue: r.toValue,
      reason: r.reason,
      createdBy: idOrNull(r.createdBy),
      createdAt: r.createdAt,
    }));
  }
}
