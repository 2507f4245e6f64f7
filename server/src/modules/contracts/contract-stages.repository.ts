import type { Transaction } from 'sequelize';
import { ContractPaymentStageModel } from '../../db/models';

export interface PaymentStageWrite {
  stageName: string;
  ratio: string;
  amount: string;
  planDate: string;
  paymentCondition: string | null;
}

export interface PaymentStageRecord extends PaymentStageWrite {
  id: number;
  sortOrder: number;
  paidAmount: string;
  settled: boolean;
  settledAt: Date | null;
}

const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** 7.2's payment stages of a contract, in plan order. Payments (later) update `paidAmount`/`settled`. */
export class ContractStagesRepository {
  async listFor(contractId: number, t?: Transaction): Promise<PaymentStageRecord[]> {
    const rows = await ContractPaymentStageModel.findAll({
      where: { contractId },
      order: [
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
    return rows.map((m) => ({
      id: Number(m.id),
      sortOrder: Number(m.sortOrder),
      stageName: m.stageName,
      ratio: String(m.ratio),
      amount: String(m.amount),
      planDate: day(m.planDate),
      paymentCondition: m.paymentCondition,
      paidAmount: String(m.paidAmount),
      settled: Boolean(m.settled),
      settledAt: m.settledAt ?? null,
    }));
  }

  /** Replaces a draft's stages (nothing is paid on a draft, so the rows are simply rewritten). */
  async replace(contractId: number, stages: readonly PaymentStageWrite[], t: Transaction): Promise<void> {
    await ContractPaymentStageModel.destroy({ where: { contractId }, transaction: t });
    await ContractPaymentStageModel.bulkCreate(
      stages.map((s, i) => ({ ...s, contractId, sortOrder: i + 1 })),
      { transaction: t },
    );
  }

  /** A signed amendment's new amount and ratio for one stage. */
  async setMoney(stageId: number, amount: string, ratio: string, t: Transaction): Promise<void> {
    await ContractPaymentStageModel.update({ amount, ratio }, { where: { id: stageId }, transaction: t });
  }
}
