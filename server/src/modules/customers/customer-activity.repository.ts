import { Op, literal, type Transaction } from 'sequelize';
import { CustomerEventModel, CustomerFollowUpModel } from '../../db/models';
import { createdWithin } from './customers.repository';

export type CustomerEventType = 'created' | 'stage' | 'convert' | 'owner' | 'assign' | 'claim' | 'pool';

export interface CustomerEventRecord {
  customerId: number;
  eventType: CustomerEventType;
  fromValue: string | null;
  toValue: string | null;
  reasonCode: string | null;
  reason: string | null;
  createdBy: number | null;
  createdAt: Date;
}

export interface FollowUpRecord {
  id: number;
  customerId: number;
  followUpMethod: string;
  contactPerson: string | null;
  followUpContent: string;
  customerFeedback: string | null;
  nextFollowUpTime: Date | null;
  nextFollowUpContent: string | null;
  followUpResult: string | null;
  attachmentUrls: string[];
  createdBy: number | null;
  createdAt: Date;
}

function parseUrls(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

const DETAIL_LIMIT = 100;

function toFollowUpRecord(m: CustomerFollowUpModel): FollowUpRecord {
  return {
    id: Number(m.id),
    customerId: Number(m.customerId),
    followUpMethod: m.followUpMethod,
    contactPerson: m.contactPerson,
    followUpContent: m.followUpContent,
    customerFeedback: m.customerFeedback,
    nextFollowUpTime: m.nextFollowUpTime,
    nextFollowUpContent: m.nextFollowUpContent,
    followUpResult: m.followUpResult,
    attachmentUrls: parseUrls(m.attachmentUrls),
    createdBy: m.createdBy === null ? null : Number(m.createdBy),
    createdAt: m.createdAt,
  };
}

/** What happened to a customer: follow-up records (004 §5.5) and the event history (stage, owner, pool). */
export class CustomerActivityRepository {
  async addEvent(event: Omit<CustomerEventRecord, 'createdAt'>, at: Date, t: Transaction): Promise<void> {
    await CustomerEventModel.create({ ...event, createdAt: at }, { transaction: t });
  }

  async eventsFor(customerId: number): Promise<CustomerEventRecord[]> {
    const rows = await CustomerEventModel.findAll({
      where: { customerId },
      order: [['id', 'DESC']],
      limit: DETAIL_LIMIT,
      raw: true,
    });
    return rows.map((r) => ({
      customerId: Number(r.customerId),
      eventType: r.eventType as CustomerEventType,
      fromValue: r.fromValue,
      toValue: r.toValue,
      reasonCode: r.reasonCode,
      reason: r.reason,
      createdBy: r.createdBy === null ? null : Number(r.createdBy),
      createdAt: new Date(r.createdAt),
    }));
  }

  /** Why leads went back to the pool in [from, to), counted by reason code; `fromOwner` narrows to one owner's. */
  async poolReasonCounts(
    from: Date | null,
    to: Date | null,
    fromOwner: number | null,
  ): Promise<Record<string, number>> {
    const rows = (await CustomerEventModel.findAll({
      attributes: ['reasonCode', [literal('COUNT(*)'), 'n']],
      where: {
        [Op.and]: [
          { eventType: 'pool' },
          ...createdWithin(from, to),
          ...(fromOwner === null ? [] : [{ fromValue: String(fromOwner) }]),
        ],
      },
      group: ['reasonCode'],
      raw: true,
    })) as unknown as { reasonCode: string | null; n: number | string }[];
    return Object.fromEntries(rows.map((r) => [r.reasonCode ?? 'other', Number(r.n)]));
  }

  async addFollowUp(
    data: Omit<FollowUpRecord, 'id' | 'createdAt'> & { createdBy: number },
    t: Transaction,
  ): Promise<FollowUpRecord> {
    const row = await CustomerFollowUpModel.create(
      { ...data, attachmentUrls: JSON.stringify(data.attachmentUrls), updatedBy: data.createdBy, deletedAt: null },
      { transaction: t },
    );
    return toFollowUpRecord(row);
  }

  async followUpsFor(customerId: number): Promise<FollowUpRecord[]> {
    const rows = await CustomerFollowUpModel.findAll({
      where: { customerId },
      order: [['id', 'DESC']],
      limit: DETAIL_LIMIT,
    });
    return rows.map(toFollowUpRecord);
  }
}
