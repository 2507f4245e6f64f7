import { UniqueConstraintError, type Transaction } from 'sequelize';
import { ContractItemModel, ContractModel } from '../../db/models';

export interface ContractWrite {
  contractNo: string;
  contractTitle: string;
  customerId: number;
  customerContactId: number | null;
  sourceQuotationId: number | null;
  ownerId: number | null;
  contractAmount: string;
  signedDate: string | null;
  deliveryDeadline: string | null;
  deliveryTerms: string | null;
  /** 004 §7.2's payment stages; stored as JSON text. */
  paymentTerms: unknown[];
  status: 'draft';
  createdBy: number;
}

export interface ContractItemWrite {
  productId: number;
  productCode: string;
  productName: string;
  unit: string;
  quantity: number;
  unitPrice: string;
  subtotal: string;
}

export interface ContractSummaryRecord {
  id: number;
  contractNo: string;
  contractTitle: string;
  status: string;
  contractAmount: string | number;
  signedDate: string | null;
  createdAt: Date;
}

/** Thrown by `create` when the quotation already has its contract (the unique key decided). */
export class DuplicateSourceQuotationError extends Error {}

const isSourceQuotationConflict = (err: unknown) =>
  err instanceof UniqueConstraintError &&
  (Object.keys(err.fields ?? {}).some((f) => f.includes('sourceQuotationId')) ||
    /sourceQuotationId|uq_contracts_source_quotation/.test(`${err.message} ${String(err.parent?.message ?? '')}`));

/** Contracts (004 §7). The contract module proper is built on this later; quotations create contracts here. */
export class ContractsRepository {
  /** Creates the contract and its items; one per quotation, enforced by `uq_contracts_source_quotation`. */
  async create(
    data: ContractWrite,
    items: readonly ContractItemWrite[],
    t: Transaction,
  ): Promise<{ id: number; createdAt: Date }> {
    let row: ContractModel;
    try {
      row = await ContractModel.create(
        { ...data, paymentTerms: JSON.stringify(data.paymentTerms), updatedBy: data.createdBy },
        { transaction: t },
      );
    } catch (err) {
      if (isSourceQuotationConflict(err)) throw new DuplicateSourceQuotationError('contract exists for quotation');
      throw err;
    }
    const contractId = Number(row.id);
    await ContractItemModel.bulkCreate(
      items.map((item, i) => ({
        ...item,
        contractId,
        sortOrder: i + 1,
        createdBy: data.createdBy,
        updatedBy: data.createdBy,
      })),
      { transaction: t },
    );
    return { id: contractId, createdAt: row.createdAt };
  }

  async latestForCustomer(customerId: number, limit: number): Promise<ContractSummaryRecord[]> {
    const rows = await ContractModel.findAll({
      attributes: ['id', 'contractNo', 'contractTitle', 'status', 'contractAmount', 'signedDate', 'createdAt'],
      where: { customerId },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit,
    });
    return rows.map((r) => ({
      id: Number(r.id),
      contractNo: r.contractNo,
      contractTitle: r.contractTitle,
      status: r.status,
      contractAmount: r.contractAmount,
      signedDate: r.signedDate === null ? null : String(r.signedDate).slice(0, 10),
      createdAt: r.createdAt,
    }));
  }
}
