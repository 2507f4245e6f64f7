import type { Transaction } from 'sequelize';
import type { ContractStatus } from '@app/shared';
import { ContractAmendmentModel } from '../../db/models';

export type AmendmentType =
  'product_change' | 'amount_change' | 'delivery_change' | 'payment_change' | 'warranty_change' | 'other';

export interface AmendmentWrite {
  contractId: number;
  amendmentNo: string;
  amendmentTitle: string;
  amendmentType: AmendmentType;
  amendmentContent: string;
  amountChange: string;
  newContractAmount: string;
  signedDate: string | null;
  createdBy: number;
}

export interface AmendmentRecord extends Omit<AmendmentWrite, 'createdBy'> {
  id: number;
  status: 'draft' | 'signed';
  signedAt: Date | null;
  createdAt: Date;
}

function toRecord(m: ContractAmendmentModel): AmendmentRecord {
  return {
    id: Number(m.id),
    contractId: Number(m.contractId),
    amendmentNo: m.amendmentNo,
    amendmentTitle: m.amendmentTitle,
    amendmentType: m.amendmentType as AmendmentType,
    amendmentContent: m.amendmentContent,
    amountChange: String(m.amountChange),
    newContractAmount: String(m.newContractAmount),
    status: m.status === 'signed' ? 'signed' : 'draft',
    signedDate: m.signedDate === null ? null : String(m.signedDate).slice(0, 10),
    signedAt: m.signedAt ?? null,
    createdAt: m.createdAt,
  };
}

/** 7.6/7.7: a contract's amendments, oldest first. */
export class ContractAmendmentsRepository {
  async create(data: AmendmentWrite, t: Transaction): Promise<AmendmentRecord> {
    const row = await ContractAmendmentModel.create(
      { ...data, status: 'draft', updatedBy: data.createdBy },
      { transaction: t },
    );
    return toRecord(row);
  }

  async listFor(contractId: number, t?: Transaction): Promise<AmendmentRecord[]> {
    const rows = await ContractAmendmentModel.findAll({
      where: { contractId },
      order: [['id', 'ASC']],
      transaction: t,
    });
    return rows.map(toRecord);
  }

  async find(contractId: number, amendmentId: number, t?: Transaction): Promise<AmendmentRecord | null> {
    const row = await ContractAmendmentModel.findOne({ where: { id: amendmentId, contractId }, transaction: t });
    return row ? toRecord(row) : null;
  }

  /** draft → signed, decided by the row (`WHERE status = 'draft'`): of two concurrent signers one wins. */
  async markSigned(
    id: number,
    fields: { signedDate: string; signedAt: Date; signedBy: number; newContractAmount: string },
    t: Transaction,
  ): Promise<boolean> {
    const [count] = await ContractAmendmentModel.update(
      { ...fields, status: 'signed', updatedBy: fields.signedBy },
      { where: { id, status: 'draft' }, transaction: t },
    );
    return count === 1;
  }
}

/** The contract states in which amendments are made and signed. */
export const AMENDABLE: readonly ContractStatus[] = ['signed', 'executing'];
