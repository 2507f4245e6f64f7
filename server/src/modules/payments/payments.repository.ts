import type { Transaction } from 'sequelize';
import type { PaymentMethod, PaymentStatus } from '@app/shared';
import type { Database } from '../../db/database';
import { PaymentModel } from '../../db/models';
import type { DataScope } from '../access/principal';
import {
  Conditions,
  dateOf,
  dateOrNull,
  dayOf,
  financeScopeSql,
  idOrNull,
  moneyOf,
  moneyOrNull,
  num,
  selectRows,
  strOrNull,
} from './finance-core';

export interface PaymentWrite {
  paymentNo: string;
  contractId: number;
  customerId: number;
  stageId: number | null;
  paymentStage: string | null;
  paymentAmount: string;
  expectedAmount: string | null;
  paymentDate: string;
  paymentMethod: PaymentMethod;
  bankAccount: string | null;
  transactionNo: string | null;
  payerName: string | null;
  paymentNote: string | null;
  createdBy: number;
}

/** A payment with its contract's number, customer's name and its stage's current figures. */
export interface PaymentRecord extends Omit<PaymentWrite, 'createdBy'> {
  id: number;
  contractNo: string | null;
  customerName: string | null;
  status: PaymentStatus;
  confirmNote: string | null;
  confirmedAt: Date | null;
  voidReason: string | null;
  voidedAt: Date | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  stage: { amount: string; paidAmount: string; settled: boolean } | null;
}

export interface PaymentFilter {
  contractId?: number;
  customerId?: number;
  status?: PaymentStatus;
  paymentMethod?: PaymentMethod;
  startDate?: string;
  endDate?: string;
}

const SELECT =
  'SELECT p.*, c.contractNo AS contractNo, cu.customerName AS customerName,' +
  ' s.amount AS stageAmount, s.paidAmount AS stagePaid, s.settled AS stageSettled' +
  ' FROM payments p' +
  ' LEFT JOIN contracts c ON c.id = p.contractId' +
  ' LEFT JOIN customers cu ON cu.id = p.customerId' +
  ' LEFT JOIN contract_payment_stages s ON s.id = p.stageId';

function toRecord(r: Record<string, unknown>): PaymentRecord {
  return {
    id: num(r.id),
    paymentNo: String(r.paymentNo),
    contractId: num(r.contractId),
    contractNo: strOrNull(r.contractNo),
    customerId: num(r.customerId),
    customerName: strOrNull(r.customerName),
    stageId: idOrNull(r.stageId),
    paymentStage: strOrNull(r.paymentStage),
    paymentAmount: moneyOf(r.paymentAmount),
    expectedAmount: moneyOrNull(r.expectedAmount),
    paymentDate: dayOf(r.paymentDate),
    paymentMethod: String(r.paymentMethod) as PaymentMethod,
    bankAccount: strOrNull(r.bankAccount),
    transactionNo: strOrNull(r.transactionNo),
    payerName: strOrNull(r.payerName),
    paymentNote: strOrNull(r.paymentNote),
    status: String(r.status) as PaymentStatus,
    confirmNote: strOrNull(r.confirmNote),
    confirmedAt: dateOrNull(r.confirmedAt),
    voidReason: strOrNull(r.voidReason),
    voidedAt: dateOrNull(r.voidedAt),
    createdBy: idOrNull(r.createdBy),
    createdAt: dateOf(r.createdAt),
    updatedAt: dateOf(r.updatedAt),
    stage:
      r.stageAmount === null || r.stageAmount === undefined
        ? null
        : {
            amount: moneyOf(r.stageAmount),
            paidAmount: moneyOf(r.stagePaid),
            settled: r.stageSettled === true || Number(r.stageSettled) === 1,
          },
  };
}

/** 004 §10 payments. State changes are conditional updates: of two concurrent callers exactly one moves a row. */
export class PaymentsRepository {
  constructor(private readonly db: Database) {}

  async create(data: PaymentWrite, t: Transaction): Promise<number> {
    const row = await PaymentModel.create({ ...data, status: 'draft', updatedBy: data.createdBy }, { transaction: t });
    return Number(row.id);
  }

  async findById(id: number, scope: DataScope, t?: Transaction): Promise<PaymentRecord | null> {
    const where = new Conditions().add('p.id = ?', id);
    const s = financeScopeSql(scope, 'p');
    where.add(s.sql, ...s.params);
    const rows = await selectRows(this.db, `${SELECT} WHERE ${where.sql}`, where.params, t);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  private conditions(f: PaymentFilter, scope: DataScope): Conditions {
    const where = new Conditions();
    const s = financeScopeSql(scope, 'p');
    where.add(s.sql, ...s.params);
    if (f.contractId !== undefined) where.add('p.contractId = ?', f.contractId);
    if (f.customerId !== undefined) where.add('p.customerId = ?', f.customerId);
    if (f.status) where.add('p.status = ?', f.status);
    if (f.paymentMethod) where.add('p.paymentMethod = ?', f.paymentMethod);
    if (f.startDate) where.add('p.paymentDate >= ?', f.startDate);
    if (f.endDate) where.add('p.paymentDate <= ?', f.endDate);
    return where;
  }

  /** Newest payment date first. `limit` null: every row (export). */
  async list(
    f: PaymentFilter,
    scope: DataScope,
    page: { limit: number; offset: number },
  ): Promise<{ rows: PaymentRecord[]; total: number }> {
    const where = this.conditions(f, scope);
    const [count] = await selectRows(this.db, `SELECT COUNT(*) AS n FROM payments p WHERE ${where.sql}`, where.params);
    const rows = await selectRows(
      this.db,
      `${SELECT} WHERE ${where.sql} ORDER BY p.paymentDate DESC, p.id DESC LIMIT ? OFFSET ?`,
      [...where.params, page.limit, page.offset],
    );
    return { rows: rows.map(toRecord), total: Number(count?.n ?? 0) };
  }

  /** draft → confirmed, only while still draft. */
  async confirm(id: number, note: string | null, by: number, now: Date, t: Transaction): Promise<boolean> {
    const [count] = await PaymentModel.update(
      { status: 'confirmed', confirmNote: note, confirmedAt: now, confirmedBy: by, updatedBy: by },
      { where: { id, status: 'draft' }, transaction: t },
    );
    return count === 1;
  }

  /** `from` → cancelled, only while the payment is still `from`. */
  async cancel(
    id: number,
    from: 'draft' | 'confirmed',
    reason: string,
    by: number,
    now: Date,
    t: Transaction,
  ): Promise<boolean> {
    const [count] = await PaymentModel.update(
      { status: 'cancelled', voidReason: reason, voidedAt: now, voidedBy: by, updatedBy: by },
      { where: { id, status: from }, transaction: t },
    );
    return count === 1;
  }
}
