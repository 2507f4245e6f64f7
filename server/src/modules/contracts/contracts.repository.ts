import { Op, UniqueConstraintError, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { ContractListQuery, ContractStatus, WarrantyStartType } from '@app/shared';
import { ContractItemModel, ContractModel, CustomerModel } from '../../db/models';
import { scopeWhere } from '../../db/scope-where';
import type { DataScope } from '../access/principal';

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
  /** A snapshot of the planned stages (the rows of `contract_payment_stages` are what the system reads). */
  paymentTerms: unknown[];
  warrantyPeriod?: string | null;
  warrantyStartType?: WarrantyStartType | null;
  warrantyScope?: string | null;
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

/** A contract row as the services see it. Money is a DECIMAL value (string, or number from SQLite). */
export interface ContractRecord {
  id: number;
  contractNo: string;
  contractTitle: string;
  customerId: number;
  customerContactId: number | null;
  sourceQuotationId: number | null;
  ownerId: number | null;
  contractAmount: string | number;
  signedDate: string | null;
  signedAt: Date | null;
  deliveryDeadline: string | null;
  deliveryTerms: string | null;
  warrantyPeriod: string | null;
  warrantyStartType: WarrantyStartType | null;
  warrantyScope: string | null;
  warrantyStartDate: string | null;
  warrantyEndDate: string | null;
  status: ContractStatus;
  shippedAmount: string | number;
  receivedAmount: string | number;
  invoicedAmount: string | number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ContractItemRecord extends ContractItemWrite {
  id: number;
  unitPrice: string;
  subtotal: string;
  shippedQuantity: number;
}

export type ContractPatch = Partial<
  Pick<
    ContractRecord,
    | 'contractTitle'
    | 'customerContactId'
    | 'signedDate'
    | 'signedAt'
    | 'deliveryDeadline'
    | 'deliveryTerms'
    | 'warrantyPeriod'
    | 'warrantyStartType'
    | 'warrantyScope'
    | 'warrantyStartDate'
    | 'warrantyEndDate'
    | 'status'
  >
> & { contractAmount?: string; paymentTerms?: string; signedBy?: number; updatedBy: number };

/** Thrown by `create` when the quotation already has its contract (the unique key decided). */
export class DuplicateSourceQuotationError extends Error {}

const isSourceQuotationConflict = (err: unknown) =>
  err instanceof UniqueConstraintError &&
  (Object.keys(err.fields ?? {}).some((f) => f.includes('sourceQuotationId')) ||
    /sourceQuotationId|uq_contracts_source_quotation/.test(`${err.message} ${String(err.parent?.message ?? '')}`));

const day = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
const idOrNull = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const money = (v: string | number) => String(v);

function toRecord(m: ContractModel): ContractRecord {
  const r = m.get({ plain: true });
  return {
    id: Number(r.id),
    contractNo: r.contractNo,
    contractTitle: r.contractTitle,
    customerId: Number(r.customerId),
    customerContactId: idOrNull(r.customerContactId),
    sourceQuotationId: idOrNull(r.sourceQuotationId),
    ownerId: idOrNull(r.ownerId),
    contractAmount: r.contractAmount,
    signedDate: day(r.signedDate),
    signedAt: r.signedAt ?? null,
    deliveryDeadline: day(r.deliveryDeadline),
    deliveryTerms: r.deliveryTerms,
    warrantyPeriod: r.warrantyPeriod ?? null,
    warrantyStartType: (r.warrantyStartType ?? null) as WarrantyStartType | null,
    warrantyScope: r.warrantyScope ?? null,
    warrantyStartDate: day(r.warrantyStartDate),
    warrantyEndDate: day(r.warrantyEndDate),
    status: r.status as ContractStatus,
    shippedAmount: r.shippedAmount,
    receivedAmount: r.receivedAmount,
    invoicedAmount: r.invoicedAmount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * Sales see the contracts of their own customers (and those they own themselves); data.all sees every one.
 * The customer condition is a sub-select, so the scope stays in the query.
 */
export function contractScope(scope: DataScope): WhereOptions {
  if (scope.kind !== 'owner') return scopeWhere(scope, { owner: 'ownerId' });
  const userId = Math.trunc(scope.userId);
  return {
    [Op.or]: [
      { ownerId: userId },
      { customerId: { [Op.in]: literal(`(SELECT id FROM customers WHERE ownerId = ${userId})`) } },
    ],
  };
}

/** Contracts (004 §7) and their items. Quotations create contracts here too (6.9). */
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
    await this.insertItems(contractId, items, data.createdBy, t);
    return { id: contractId, createdAt: row.createdAt };
  }

  private async insertItems(contractId: number, items: readonly ContractItemWrite[], by: number, t: Transaction) {
    await ContractItemModel.bulkCreate(
      items.map((item, i) => ({ ...item, contractId, sortOrder: i + 1, createdBy: by, updatedBy: by })),
      { transaction: t },
    );
  }

  /** A contract the scope may see, else null (a foreign one looks missing). `lock` holds the row (MySQL). */
  async findById(id: number, scope: DataScope, t?: Transaction, lock = false): Promise<ContractRecord | null> {
    const row = await ContractModel.findOne({
      where: { [Op.and]: [{ id }, contractScope(scope)] },
      transaction: t,
      ...(lock && t ? { lock: t.LOCK.UPDATE } : {}),
    });
    return row ? toRecord(row) : null;
  }

  async list(q: ContractListQuery, scope: DataScope): Promise<{ rows: ContractRecord[]; total: number }> {
    const where: WhereOptions[] = [contractScope(scope)];
    if (q.customerId !== undefined) where.push({ customerId: q.customerId });
    if (q.status) where.push({ status: q.status });
    if (q.ownerId !== undefined) where.push({ ownerId: q.ownerId });
    if (q.startDate) where.push({ signedDate: { [Op.gte]: q.startDate } });
    if (q.endDate) where.push({ signedDate: { [Op.lte]: q.endDate } });
    const { rows, count } = await ContractModel.findAndCountAll({
      where: { [Op.and]: where },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }

  /**
   * A conditional update: it applies only while the row still has one of `statuses`. Inside a transaction this is
   * the state check itself (`UPDATE … WHERE status = 'draft'`), so of two concurrent callers exactly one wins.
   */
  async update(id: number, patch: ContractPatch, t: Transaction, statuses?: readonly ContractStatus[]) {
    const where: WhereOptions[] = [{ id }];
    if (statuses) where.push({ status: { [Op.in]: [...statuses] } });
    const [count] = await ContractModel.update(patch, { where: { [Op.and]: where }, transaction: t });
    return count === 1;
  }

  /**
   * Applies a signed amendment's change to the amount, only while the amount is still `from` and the contract is
   * in one of `statuses` (a concurrent change makes this answer false instead of losing an update).
   */
  async changeAmount(
    id: number,
    from: string,
    to: string,
    by: number,
    statuses: readonly ContractStatus[],
    t: Transaction,
  ): Promise<boolean> {
    const [count] = await ContractModel.update(
      { contractAmount: to, updatedBy: by },
      { where: { id, contractAmount: from, status: { [Op.in]: [...statuses] } }, transaction: t },
    );
    return count === 1;
  }

  async items(contractId: number, t?: Transaction): Promise<ContractItemRecord[]> {
    const rows = await ContractItemModel.findAll({
      where: { contractId },
      order: [
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
    return rows.map((m) => ({
      id: Number(m.id),
      productId: Number(m.productId),
      productCode: m.productCode,
      productName: m.productName,
      unit: m.unit,
      quantity: Number(m.quantity),
      unitPrice: money(m.unitPrice),
      subtotal: money(m.subtotal),
      shippedQuantity: Number(m.shippedQuantity),
    }));
  }

  /** Replaces a draft's items (soft-deletes the old lines). */
  async replaceItems(contractId: number, items: readonly ContractItemWrite[], by: number, t: Transaction) {
    await ContractItemModel.destroy({ where: { contractId }, transaction: t });
    await this.insertItems(contractId, items, by, t);
  }

  /** Sets the warranty dates once: only while no start date is recorded (the first delivery counts). */
  async startWarranty(
    id: number,
    dates: { warrantyStartDate: string; warrantyEndDate: string | null },
    by: number,
    t: Transaction,
  ): Promise<boolean> {
    const [count] = await ContractModel.update(
      { ...dates, updatedBy: by },
      { where: { id, warrantyStartDate: null }, transaction: t },
    );
    return count === 1;
  }

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
