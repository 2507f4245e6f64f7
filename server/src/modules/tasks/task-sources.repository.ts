import { Op, literal } from 'sequelize';
import { ContractModel, ContractPaymentStageModel, CustomerModel, QuotationModel } from '../../db/models';
import { utcDay } from './task-rules';

/** Contracts still to be delivered and paid: signed or executing (not drafts, completed or terminated ones). */
const LIVE_CONTRACT = ['signed', 'executing'];

export interface FollowUpSource {
  customerId: number;
  customerName: string;
  customerStage: string;
  ownerId: number;
  nextFollowUpAt: Date;
}

export interface QuotationSource {
  quotationId: number;
  quotationNo: string;
  quotationTitle: string;
  customerId: number;
  ownerId: number | null;
  validUntil: string;
}

export interface ContractSource {
  contractId: number;
  contractNo: string;
  contractTitle: string;
  customerId: number;
  ownerId: number | null;
  deliveryDeadline: string;
}

export interface StageSource {
  stageId: number;
  stageName: string;
  amount: string;
  paidAmount: string;
  planDate: string;
  contractId: number;
  contractNo: string;
  customerId: number;
  ownerId: number | null;
}

const day = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 10) : utcDay(new Date(v as Date)));
const ownerOf = (ownerId: unknown, createdBy: unknown): number | null =>
  ownerId !== null && ownerId !== undefined
    ? Number(ownerId)
    : createdBy !== null && createdBy !== undefined
      ? Number(createdBy)
      : null;

/**
 * Sub-selects of the source ids that still call for a generated task of each type; a task whose source left its set
 * (quotation accepted, rejected or expired; contract shipped, completed or terminated; stage settled) is cancelled.
 * Lead follow-ups are not retired here: a follow-up stays to be done whatever the customer's next time says.
 */
export const LIVE_SOURCES = {
  quotation_expiring: "SELECT q.id FROM quotations q WHERE q.status = 'sent' AND q.deletedAt IS NULL",
  contract_delivery:
    "SELECT c.id FROM contracts c WHERE c.status IN ('signed', 'executing') AND c.deletedAt IS NULL " +
    'AND c.shippedAmount < c.contractAmount',
  payment_reminder:
    'SELECT s.id FROM contract_payment_stages s JOIN contracts c ON c.id = s.contractId ' +
    "WHERE s.settled = 0 AND c.status IN ('signed', 'executing') AND c.deletedAt IS NULL",
} as const;

/** Read-only views of the records tasks are generated from (customers, quotations, contracts, payment stages). */
export class TaskSourcesRepository {
  /** Customers with an owner and a next follow-up time in [from, to). Inactive customers are left alone. */
  async followUps(from: Date, to: Date): Promise<FollowUpSource[]> {
    const rows = await CustomerModel.findAll({
      attributes: ['id', 'customerName', 'customerStage', 'ownerId', 'nextFollowUpAt'],
      where: {
        ownerId: { [Op.ne]: null },
        customerStage: { [Op.ne]: 'inactive' },
        nextFollowUpAt: { [Op.gte]: from, [Op.lt]: to },
      },
      raw: true,
    });
    return rows.map((r) => ({
      customerId: Number(r.id),
      customerName: r.customerName,
      customerStage: r.customerStage,
      ownerId: Number(r.ownerId),
      nextFollowUpAt: new Date(r.nextFollowUpAt as Date),
    }));
  }

  /** Sent quotations whose last valid day is in [from, to] (UTC days). */
  async expiringQuotations(from: string, to: string): Promise<QuotationSource[]> {
    const rows = await QuotationModel.findAll({
      attributes: ['id', 'quotationNo', 'quotationTitle', 'customerId', 'ownerId', 'createdBy', 'validUntil'],
      where: { status: 'sent', validUntil: { [Op.gte]: from, [Op.lte]: to } },
      raw: true,
    });
    return rows.map((r) => ({
      quotationId: Number(r.id),
      quotationNo: r.quotationNo,
      quotationTitle: r.quotationTitle,
      customerId: Number(r.customerId),
      ownerId: ownerOf(r.ownerId, r.createdBy),
      validUntil: day(r.validUntil),
    }));
  }

  /** Live contracts, not yet fully shipped, whose delivery deadline is in [from, to]. */
  async deliveries(from: string, to: string): Promise<ContractSource[]> {
    const rows = await ContractModel.findAll({
      attributes: ['id', 'contractNo', 'contractTitle', 'customerId', 'ownerId', 'createdBy', 'deliveryDeadline'],
      where: {
        [Op.and]: [
          { status: { [Op.in]: LIVE_CONTRACT }, deliveryDeadline: { [Op.gte]: from, [Op.lte]: to } },
          literal('shippedAmount < contractAmount'),
        ],
      },
      raw: true,
    });
    return rows.map((r) => ({
      contractId: Number(r.id),
      contractNo: r.contractNo,
      contractTitle: r.contractTitle,
      customerId: Number(r.customerId),
      ownerId: ownerOf(r.ownerId, r.createdBy),
      deliveryDeadline: day(r.deliveryDeadline),
    }));
  }

  /** Unsettled payment stages of live contracts planned in [from, to]. */
  async dueStages(from: string, to: string): Promise<StageSource[]> {
    const stages = await ContractPaymentStageModel.findAll({
      attributes: ['id', 'contractId', 'stageName', 'amount', 'paidAmount', 'planDate'],
      where: { settled: false, planDate: { [Op.gte]: from, [Op.lte]: to } },
      raw: true,
    });
    if (stages.length === 0) return [];
    const contracts = await ContractModel.findAll({
      attributes: ['id', 'contractNo', 'customerId', 'ownerId', 'createdBy'],
      where: { id: { [Op.in]: [...new Set(stages.map((s) => Number(s.contractId)))] }, status: LIVE_CONTRACT },
      raw: true,
    });
    const byId = new Map(contracts.map((c) => [Number(c.id), c]));
    return stages.flatMap((s) => {
      const c = byId.get(Number(s.contractId));
      if (!c) return [];
      return [
        {
          stageId: Number(s.id),
          stageName: s.stageName,
          amount: String(s.amount),
          paidAmount: String(s.paidAmount),
          planDate: day(s.planDate),
          contractId: Number(c.id),
          contractNo: c.contractNo,
          customerId: Number(c.customerId),
          ownerId: ownerOf(c.ownerId, c.createdBy),
        },
      ];
    });
  }

  /** Customer names for task titles (deleted customers keep theirs). */
  async customerNames(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await CustomerModel.findAll({
      attributes: ['id', 'customerName'],
      where: { id: { [Op.in]: unique } },
      paranoid: false,
      raw: true,
    });
    return new Map(rows.map((r) => [Number(r.id), r.customerName]));
  }
}
