import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { InvoiceStatus, InvoiceType } from '@app/shared';
import type { Database } from '../../db/database';
import { InvoiceModel } from '../../db/models';
import type { DataScope } from '../access/principal';
import {
  Conditions,
  dateOf,
  dateOrNull,
  dayOrNull,
  financeScopeSql,
  idOrNull,
  moneyOf,
  num,
  selectRows,
  strOrNull,
} from '../payments/finance-core';

/** The invoice fields a draft carries (and an edit may change). */
export interface InvoiceFields {
  paymentId: number | null;
  invoiceType: InvoiceType;
  invoiceAmount: string;
  invoiceDate: string | null;
  invoiceTitle: string;
  taxNumber: string | null;
  companyAddress: string | null;
  companyPhone: string | null;
  bankName: string | null;
  bankAccount: string | null;
  invoiceNote: string | null;
}

export interface InvoiceRecord extends InvoiceFields {
  id: number;
  invoiceNo: string | null;
  contractId: number;
  contractNo: string | null;
  customerId: number;
  customerName: string | null;
  status: InvoiceStatus;
  confirmedAt: Date | null;
  voidReason: string | null;
  voidedAt: Date | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface InvoiceFilter {
  contractId?: number;
  customerId?: number;
  status?: InvoiceStatus;
  invoiceType?: InvoiceType;
  startDate?: string;
  endDate?: string;
}

/** Thrown by `confirm` when the invoice number is already another invoice's (the unique key decided). */
export class DuplicateInvoiceNoError extends Error {}

const SELECT =
  'SELECT i.*, c.contractNo AS contractNo, cu.customerName AS customerName FROM invoices i' +
  ' LEFT JOIN contracts c ON c.id = i.contractId LEFT JOIN customers cu ON cu.id = i.customerId';

function toRecord(r: Record<string, unknown>): InvoiceRecord {
  return {
    id: num(r.id),
    invoiceNo: strOrNull(r.invoiceNo),
    contractId: num(r.contractId),
    contractNo: strOrNull(r.contractNo),
    customerId: num(r.customerId),
    customerName: strOrNull(r.customerName),
    paymentId: idOrNull(r.paymentId),
    invoiceType: String(r.invoiceType) as InvoiceType,
    invoiceAmount: moneyOf(r.invoiceAmount),
    invoiceDate: dayOrNull(r.invoiceDate),
    invoiceTitle: String(r.invoiceTitle),
    taxNumber: strOrNull(r.taxNumber),
    companyAddress: strOrNull(r.companyAddress),
    companyPhone: strOrNull(r.companyPhone),
    bankName: strOrNull(r.bankName),
    bankAccount: strOrNull(r.bankAccount),
    invoiceNote: strOrNull(r.invoiceNote),
    status: String(r.status) as InvoiceStatus,
    confirmedAt: dateOrNull(r.confirmedAt),
    voidReason: strOrNull(r.voidReason),
    voidedAt: dateOrNull(r.voidedAt),
    createdBy: idOrNull(r.createdBy),
    createdAt: dateOf(r.createdAt),
    updatedAt: dateOf(r.updatedAt),
  };
}

/** 004 §11 invoices. State changes and edits are conditional updates on the row's status. */
export class InvoicesRepository {
  constructor(private readonly db: Database) {}

  async create(
    data: InvoiceFields & { contractId: number; customerId: number; createdBy: number },
    t: Transaction,
  ): Promise<number> {
    const row = await InvoiceModel.create({ ...data, status: 'draft', updatedBy: data.createdBy }, { transaction: t });
    return Number(row.id);
  }

  async findById(id: number, scope: DataScope, t?: Transaction): Promise<InvoiceRecord | null> {
    const where = new Conditions().add('i.id = ?', id);
    const s = financeScopeSql(scope, 'i');
    where.add(s.sql, ...s.params);
    const rows = await selectRows(this.db, `${SELECT} WHERE ${where.sql}`, where.params, t);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(
    f: InvoiceFilter,
    scope: DataScope,
    page: { limit: number; offset: number },
  ): Promise<{ rows: InvoiceRecord[]; total: number }> {
    const where = new Conditions();
    const s = financeScopeSql(scope, 'i');
    where.add(s.sql, ...s.params);
    if (f.contractId !== undefined) where.add('i.contractId = ?', f.contractId);
    if (f.customerId !== undefined) where.add('i.customerId = ?', f.customerId);
    if (f.status) where.add('i.status = ?', f.status);
    if (f.invoiceType) where.add('i.invoiceType = ?', f.invoiceType);
    if (f.startDate) where.add('i.invoiceDate >= ?', f.startDate);
    if (f.endDate) where.add('i.invoiceDate <= ?', f.endDate);
    const [count] = await selectRows(this.db, `SELECT COUNT(*) AS n FROM invoices i WHERE ${where.sql}`, where.params);
    // Drafts without a date sort with the newest (by id).
    const rows = await selectRows(
      this.db,
      `${SELECT} WHERE ${where.sql} ORDER BY CASE WHEN i.invoiceDate IS NULL THEN 0 ELSE 1 END,` +
        ' i.invoiceDate DESC, i.id DESC LIMIT ? OFFSET ?',
      [...where.params, page.limit, page.offset],
    );
    return { rows: rows.map(toRecord), total: Number(count?.n ?? 0) };
  }

  /** Edits a draft, only while it is still a draft. */
  async update(id: number, fields: Partial<InvoiceFields>, by: number, t: Transaction): Promise<boolean> {
    const [count] = await InvoiceModel.update(
      { ...fields, updatedBy: by },
      { where: { id, status: 'draft' }, transaction: t },
    );
    return count === 1;
  }

  /** draft → confirmed with the issued number and date, only while still draft. */
  async confirm(
    id: number,
    data: { invoiceNo: string; invoiceDate: string },
    by: number,
    now: Date,
    t: Transaction,
  ): Promise<boolean> {
    try {
      const [count] = await InvoiceModel.update(
        { ...data, status: 'confirmed', confirmedAt: now, confirmedBy: by, updatedBy: by },
        { where: { id, status: 'draft' }, transaction: t },
      );
      return count === 1;
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new DuplicateInvoiceNoError('invoice number exists');
      throw err;
    }
  }

  /** `from` → voided, only while the invoice is still `from`. */
  async void(
    id: number,
    from: 'draft' | 'confirmed',
    reason: string,
    by: number,
    now: Date,
    t: Transaction,
  ): Promise<boolean> {
    const [count] = await InvoiceModel.update(
      { status: 'voided', voidReason: reason, voidedAt: now, voidedBy: by, updatedBy: by },
      { where: { id, status: from }, transaction: t },
    );
    return count === 1;
  }

  /** The payment `paymentId` if it belongs to the contract and is not cancelled. */
  async paymentOf(contractId: number, paymentId: number, t: Transaction): Promise<boolean> {
    const rows = await selectRows(
      this.db,
      "SELECT id FROM payments WHERE id = ? AND contractId = ? AND status <> 'cancelled'",
      [paymentId, contractId],
      t,
    );
    return rows.length === 1;
  }
}
