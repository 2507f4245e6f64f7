import {
  INVOICE_TYPE_LABELS,
  INVOICE_TYPES,
  type FinanceStatisticsQuery,
  type Invoice,
  type InvoiceConfirm,
  type InvoiceCreate,
  type InvoiceExportQuery,
  type InvoiceListQuery,
  type InvoiceStatistics,
  type InvoiceStatus,
  type InvoiceUpdate,
  type InvoiceVoid,
  type Page,
} from '@app/shared';
import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Clock } from '../../platform/clock';
import { fromCents, toCents } from '../../platform/money';
import { writeSheet, type SheetColumn } from '../../platform/spreadsheet';
import { scopeFor, type Principal } from '../access/principal';
import type { ContractsRepository } from '../contracts/contracts.repository';
import { financeContract, isoOrNull, ratePercent, type ContractMoney } from '../payments/finance-core';
import { EXPORT_MAX_ROWS } from '../payments/payments.service';
import type { ReceivablesRepository } from '../payments/receivables.repository';
import { assertInvoiceDetails, assertInvoiceFits } from './invoice-rules';
import {
  DuplicateInvoiceNoError,
  type InvoiceFields,
  type InvoiceRecord,
  type InvoicesRepository,
} from './invoices.repository';

export interface InvoicesDeps {
  db: Database;
  clock: Clock;
  contracts: ContractsRepository;
  invoices: InvoicesRepository;
  receivables: ReceivablesRepository;
  money: ContractMoney;
}

const STATUS_LABELS: Record<InvoiceStatus, string> = { draft: '待开具', confirmed: '已开具', voided: '已作废' };

type InvoiceColumn =
  | 'invoiceNo'
  | 'contractNo'
  | 'customerName'
  | 'invoiceType'
  | 'invoiceAmount'
  | 'invoiceDate'
  | 'invoiceTitle'
  | 'taxNumber'
  | 'companyAddress'
  | 'companyPhone'
  | 'bankName'
  | 'bankAccount'
  | 'status'
  | 'confirmDate'
  | 'invoiceNote';

const COLUMNS: readonly SheetColumn<InvoiceColumn>[] = [
  { key: 'invoiceNo', header: '发票号码', width: 14 },
  { key: 'contractNo', header: '合同编号', width: 16 },
  { key: 'customerName', header: '客户名称', width: 24 },
  { key: 'invoiceType', header: '发票类型', width: 16 },
  { key: 'invoiceAmount', header: '开票金额', width: 14 },
  { key: 'invoiceDate', header: '开票日期', width: 12 },
  { key: 'invoiceTitle', header: '发票抬头', width: 28 },
  { key: 'taxNumber', header: '纳税人识别号', width: 22 },
  { key: 'companyAddress', header: '地址', width: 30 },
  { key: 'companyPhone', header: '电话', width: 16 },
  { key: 'bankName', header: '开户行', width: 20 },
  { key: 'bankAccount', header: '银行账号', width: 22 },
  { key: 'status', header: '状态', width: 8 },
  { key: 'confirmDate', header: '确认时间', width: 22 },
  { key: 'invoiceNote', header: '备注', width: 30 },
];

function toInvoiceDto(r: InvoiceRecord): Invoice {
  return {
    invoiceId: r.id,
    invoiceNo: r.invoiceNo,
    contractId: r.contractId,
    contractNo: r.contractNo,
    customerId: r.customerId,
    customerName: r.customerName,
    paymentId: r.paymentId,
    invoiceType: r.invoiceType,
    invoiceAmount: r.invoiceAmount,
    invoiceDate: r.invoiceDate,
    invoiceTitle: r.invoiceTitle,
    taxNumber: r.taxNumber,
    companyAddress: r.companyAddress,
    companyPhone: r.companyPhone,
    bankName: r.bankName,
    bankAccount: r.bankAccount,
    invoiceNote: r.invoiceNote,
    status: r.status,
    confirmDate: isoOrNull(r.confirmedAt),
    voidReason: r.voidReason,
    voidedAt: isoOrNull(r.voidedAt),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);

/** 004 §11: invoices draft → confirmed → voided; confirming and voiding move the contract's invoiced amount. */
export class InvoicesService {
  constructor(private readonly d: InvoicesDeps) {}

  private async assertPayment(contractId: number, paymentId: number | null | undefined, t: Transaction) {
    if (paymentId === null || paymentId === undefined) return;
    if (!(await this.d.invoices.paymentOf(contractId, paymentId, t))) {
      throw new AppError('INVOICE_PAYMENT_INVALID', `收款记录不属于该合同或已作废：${paymentId}`, [
        { field: 'paymentId', message: '收款记录不属于该合同或已作废' },
      ]);
    }
  }

  async create(principal: Principal, input: InvoiceCreate): Promise<Invoice> {
    const scope = scopeFor(principal);
    const fields: InvoiceFields = {
      paymentId: input.paymentId ?? null,
      invoiceType: input.invoiceType,
      invoiceAmount: input.invoiceAmount,
      invoiceDate: input.invoiceDate ?? null,
      invoiceTitle: input.invoiceTitle,
      taxNumber: orNull(input.taxNumber),
      companyAddress: orNull(input.companyAddress),
      companyPhone: orNull(input.companyPhone),
      bankName: orNull(input.bankName),
      bankAccount: orNull(input.bankAccount),
      invoiceNote: orNull(input.invoiceNote),
    };
    assertInvoiceDetails(fields);
    const id = await this.d.db.transaction(async (t) => {
      const contract = await financeContract(this.d.contracts, input.contractId, scope, t);
      await this.assertPayment(contract.id, fields.paymentId, t);
      assertInvoiceFits(fields.invoiceAmount, contract);
      return this.d.invoices.create(
        { ...fields, contractId: contract.id, customerId: contract.customerId, createdBy: principal.userId },
        t,
      );
    });
    return this.get(principal, id);
  }

  async get(principal: Principal, id: number): Promise<Invoice> {
    const row = await this.d.invoices.findById(id, scopeFor(principal));
    if (!row) throw new AppError('INVOICE_NOT_FOUND');
    return toInvoiceDto(row);
  }

  async list(principal: Principal, q: InvoiceListQuery): Promise<Page<Invoice>> {
    const { rows, total } = await this.d.invoices.list(q, scopeFor(principal), {
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return toPage(rows.map(toInvoiceDto), total, q);
  }

  /** 11.4: drafts only (decided by `UPDATE … WHERE status = 'draft'`); the edited invoice must still be valid. */
  async update(principal: Principal, id: number, input: InvoiceUpdate): Promise<Invoice> {
    const scope = scopeFor(principal);
    await this.d.db.transaction(async (t) => {
      const current = await this.d.invoices.findById(id, scope, t);
      if (!current) throw new AppError('INVOICE_NOT_FOUND');
      if (current.status !== 'draft') throw new AppError('INVOICE_WRONG_STATE', '仅待开具（draft）的发票可修改');
      const patch: Partial<InvoiceFields> = {};
      if (input.paymentId !== undefined) patch.paymentId = input.paymentId;
      if (input.invoiceType !== undefined) patch.invoiceType = input.invoiceType;
      if (input.invoiceAmount !== undefined) patch.invoiceAmount = input.invoiceAmount;
      if (input.invoiceDate !== undefined) patch.invoiceDate = input.invoiceDate;
      if (input.invoiceTitle !== undefined) patch.invoiceTitle = input.invoiceTitle;
      for (const key of [
        'taxNumber',
        'companyAddress',
        'companyPhone',
        'bankName',
        'bankAccount',
        'invoiceNote',
      ] as const) {
        if (input[key] !== undefined) patch[key] = orNull(input[key]);
      }
      assertInvoiceDetails({ ...current, ...patch });
      await this.assertPayment(current.contractId, patch.paymentId, t);
      if (patch.invoiceAmount !== undefined) {
        const contract = await this.d.contracts.findById(current.contractId, { kind: 'all' }, t);
        if (contract) assertInvoiceFits(patch.invoiceAmount, contract);
      }
      if (!(await this.d.invoices.update(id, patch, principal.userId, t))) {
        throw new AppError('INVOICE_WRONG_STATE', '仅待开具（draft）的发票可修改');
      }
    });
    return this.get(principal, id);
  }

  /**
   * 11.5: draft → confirmed with the issued number (unique: 409) and date (default: the draft's, else today). The
   * contract's invoiced amount grows in the same transaction by an atomic increment that applies only while the
   * total stays within the contract amount (422 otherwise, and nothing changes).
   */
  async confirm(principal: Principal, id: number, input: InvoiceConfirm): Promise<Invoice> {
    const scope = scopeFor(principal);
    await this.d.db.transaction(async (t) => {
      const inv = await this.d.invoices.findById(id, scope, t);
      if (!inv) throw new AppError('INVOICE_NOT_FOUND');
      const now = this.d.clock.now();
      const invoiceDate = input.invoiceDate ?? inv.invoiceDate ?? now.toISOString().slice(0, 10);
      const moved = await this.d.invoices
        .confirm(id, { invoiceNo: input.invoiceNo, invoiceDate }, principal.userId, now, t)
        .catch((err: unknown) => {
          if (err instanceof DuplicateInvoiceNoError) {
            throw new AppError('INVOICE_NO_EXISTS', `发票号码已存在：${input.invoiceNo}`, [
              { field: 'invoiceNo', message: '发票号码已存在' },
            ]);
          }
          throw err;
        });
      if (!moved) throw new AppError('INVOICE_WRONG_STATE', '仅待开具（draft）的发票可确认开票');
      if (!(await this.d.money.add(inv.contractId, 'invoicedAmount', toCents(inv.invoiceAmount), true, t))) {
        const contract = await this.d.contracts.findById(inv.contractId, { kind: 'all' }, t);
        throw new AppError(
          'INVOICE_EXCEEDS_CONTRACT',
          contract
            ? `开票金额 ${inv.invoiceAmount} 超过合同未开票金额（合同金额 ${fromCents(toCents(contract.contractAmount))}，已开票 ${fromCents(toCents(contract.invoicedAmount))}）`
            : undefined,
        );
      }
    });
    return this.get(principal, id);
  }

  /** 11.6: confirmed or draft → voided; a confirmed invoice gives its amount back to the contract. */
  async void(principal: Principal, id: number, input: InvoiceVoid): Promise<Invoice> {
    const scope = scopeFor(principal);
    await this.d.db.transaction(async (t) => {
      const inv = await this.d.invoices.findById(id, scope, t);
      if (!inv) throw new AppError('INVOICE_NOT_FOUND');
      const now = this.d.clock.now();
      if (await this.d.invoices.void(id, 'confirmed', input.voidReason, principal.userId, now, t)) {
        await this.d.money.add(inv.contractId, 'invoicedAmount', -toCents(inv.invoiceAmount), false, t);
        return;
      }
      if (!(await this.d.invoices.void(id, 'draft', input.voidReason, principal.userId, now, t))) {
        throw new AppError('INVOICE_WRONG_STATE', '发票已作废');
      }
    });
    return this.get(principal, id);
  }

  /**
   * 11.7 over the signed contracts in scope (window: signing date, as 10.6): invoiced = Σ confirmed invoices of
   * those contracts (= their invoicedAmount), uninvoiced = contract amount − invoiced; by type and by invoice month.
   */
  async statistics(principal: Principal, q: FinanceStatisticsQuery): Promise<InvoiceStatistics> {
    const scope = scopeFor(principal);
    const customers = await this.d.receivables.byCustomer(q, scope);
    const totals = await this.d.receivables.invoiceTotals(q, scope);
    const contract = customers.reduce((sum, c) => sum + toCents(c.contractAmount), 0n);
    const invoiced = customers.reduce((sum, c) => sum + toCents(c.invoicedAmount), 0n);
    const byType = Object.fromEntries(INVOICE_TYPES.map((type) => [type, 0n])) as Record<string, bigint>;
    const months = new Map<string, { amount: bigint; count: number }>();
    for (const row of totals) {
      byType[row.invoiceType] = (byType[row.invoiceType] ?? 0n) + toCents(row.amount);
      const m = months.get(row.month) ?? { amount: 0n, count: 0 };
      months.set(row.month, { amount: m.amount + toCents(row.amount), count: m.count + row.count });
    }
    return {
      totalContractAmount: fromCents(contract),
      totalInvoicedAmount: fromCents(invoiced),
      totalUninvoicedAmount: fromCents(contract - invoiced > 0n ? contract - invoiced : 0n),
      invoicedRate: ratePercent(invoiced, contract),
      byType: { vat_special: fromCents(byType.vat_special), vat_normal: fromCents(byType.vat_normal) },
      byMonth: [...months.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([month, m]) => ({ month, invoicedAmount: fromCents(m.amount), invoiceCount: m.count })),
    };
  }

  /** 11.8: the list's rows as .xlsx (text cells neutralised against formula injection by `writeSheet`). */
  async export(principal: Principal, q: InvoiceExportQuery): Promise<Buffer> {
    const { rows } = await this.d.invoices.list(q, scopeFor(principal), { limit: EXPORT_MAX_ROWS, offset: 0 });
    return writeSheet(
      '发票记录',
      COLUMNS,
      rows.map((i) => ({
        invoiceNo: i.invoiceNo,
        contractNo: i.contractNo,
        customerName: i.customerName,
        invoiceType: INVOICE_TYPE_LABELS[i.invoiceType] ?? i.invoiceType,
        invoiceAmount: i.invoiceAmount,
        invoiceDate: i.invoiceDate,
        invoiceTitle: i.invoiceTitle,
        taxNumber: i.taxNumber,
        companyAddress: i.companyAddress,
        companyPhone: i.companyPhone,
        bankName: i.bankName,
        bankAccount: i.bankAccount,
        status: STATUS_LABELS[i.status],
        confirmDate: i.confirmedAt ? i.confirmedAt.toISOString() : null,
        invoiceNote: i.invoiceNote,
      })),
    );
  }
}
