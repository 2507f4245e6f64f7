import {
  PAYMENT_METHOD_LABELS,
  type OverdueQuery,
  type OverdueReceivable,
  type Page,
  type Payment,
  type PaymentConfirm,
  type PaymentCreate,
  type PaymentExportQuery,
  type PaymentListQuery,
  type PaymentStatistics,
  type PaymentStatus,
  type PaymentVoid,
  type FinanceStatisticsQuery,
} from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import type { Clock } from '../../platform/clock';
import { fromCents, toCents } from '../../platform/money';
import { writeSheet, type SheetColumn } from '../../platform/spreadsheet';
import { scopeFor, type Principal } from '../access/principal';
import type { ContractStagesRepository } from '../contracts/contract-stages.repository';
import type { ContractsRepository } from '../contracts/contracts.repository';
import { formatNumber, type NumberSequenceRepository } from '../numbering/number-sequence.repository';
import { balanceCents, daysBetween, financeContract, ratePercent, type ContractMoney } from './finance-core';
import { assertPaymentFits, resolveStage } from './payment-rules';
import { toPaymentDto } from './payments.mapper';
import type { PaymentsRepository } from './payments.repository';
import type { ReceivablesRepository } from './receivables.repository';

export interface PaymentsDeps {
  db: Database;
  clock: Clock;
  contracts: ContractsRepository;
  stages: ContractStagesRepository;
  sequences: NumberSequenceRepository;
  payments: PaymentsRepository;
  receivables: ReceivablesRepository;
  money: ContractMoney;
}

/** Rows an export writes at most (a year of payments of a busy company fits). */
export const EXPORT_MAX_ROWS = 10_000;

const STATUS_LABELS: Record<PaymentStatus, string> = { draft: '待确认', confirmed: '已确认', cancelled: '已作废' };

type PaymentColumn =
  | 'paymentNo'
  | 'contractNo'
  | 'customerName'
  | 'paymentStage'
  | 'paymentAmount'
  | 'paymentDate'
  | 'paymentMethod'
  | 'bankAccount'
  | 'transactionNo'
  | 'payerName'
  | 'expectedAmount'
  | 'status'
  | 'confirmDate'
  | 'paymentNote';

const COLUMNS: readonly SheetColumn<PaymentColumn>[] = [
  { key: 'paymentNo', header: '收款编号', width: 16 },
  { key: 'contractNo', header: '合同编号', width: 16 },
  { key: 'customerName', header: '客户名称', width: 24 },
  { key: 'paymentStage', header: '付款阶段', width: 12 },
  { key: 'paymentAmount', header: '收款金额', width: 14 },
  { key: 'paymentDate', header: '收款日期', width: 12 },
  { key: 'paymentMethod', header: '收款方式', width: 10 },
  { key: 'bankAccount', header: '收款账户', width: 24 },
  { key: 'transactionNo', header: '交易流水号', width: 20 },
  { key: 'payerName', header: '付款方', width: 24 },
  { key: 'expectedAmount', header: '应收金额', width: 14 },
  { key: 'status', header: '状态', width: 8 },
  { key: 'confirmDate', header: '确认时间', width: 22 },
  { key: 'paymentNote', header: '备注', width: 30 },
];

/** 004 §10: payments, their confirmation and voiding (which move the contract's and stage's received amounts). */
export class PaymentsService {
  constructor(private readonly d: PaymentsDeps) {}

  private today(): string {
    return this.d.clock.now().toISOString().slice(0, 10);
  }

  async create(principal: Principal, input: PaymentCreate): Promise<Payment> {
    const scope = scopeFor(principal);
    const id = await this.d.db.transaction(async (t) => {
      const contract = await financeContract(this.d.contracts, input.contractId, scope, t);
      const stage = resolveStage(await this.d.stages.listFor(contract.id, t), input.stageId, input.paymentStage);
      assertPaymentFits(input.paymentAmount, contract, stage);
      const year = String(this.d.clock.now().getUTCFullYear());
      const paymentNo = formatNumber('PAY', year, await this.d.sequences.next(`payment:${year}`, t));
      return this.d.payments.create(
        {
          paymentNo,
          contractId: contract.id,
          customerId: contract.customerId,
          stageId: stage?.id ?? null,
          paymentStage: stage?.stageName ?? null,
          paymentAmount: input.paymentAmount,
          // Expected: what the stage still lacks, unless the caller says otherwise.
          expectedAmount:
            input.expectedAmount ?? (stage ? fromCents(balanceCents(stage.amount, stage.paidAmount)) : null),
          paymentDate: input.paymentDate,
          paymentMethod: input.paymentMethod,
          bankAccount: input.bankAccount ?? null,
          transactionNo: input.transactionNo ?? null,
          payerName: input.payerName ?? null,
          paymentNote: input.paymentNote ?? null,
          createdBy: principal.userId,
        },
        t,
      );
    });
    return this.get(principal, id);
  }

  async get(principal: Principal, id: number): Promise<Payment> {
    const row = await this.d.payments.findById(id, scopeFor(principal));
    if (!row) throw new AppError('PAYMENT_NOT_FOUND');
    return toPaymentDto(row);
  }

  async list(principal: Principal, q: PaymentListQuery): Promise<Page<Payment>> {
    const { rows, total } = await this.d.payments.list(q, scopeFor(principal), {
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return toPage(rows.map(toPaymentDto), total, q);
  }

  /**
   * 10.4: draft → confirmed, decided by `UPDATE … WHERE status = 'draft'`; in the same transaction the contract's
   * received amount and the stage's paid amount grow by the payment (atomic increments, refused with 422 when they
   * would pass the contract or stage amount).
   */
  async confirm(principal: Principal, id: number, input: PaymentConfirm): Promise<Payment> {
    const scope = scopeFor(principal);
    await this.d.db.transaction(async (t) => {
      const p = await this.d.payments.findById(id, scope, t);
      if (!p) throw new AppError('PAYMENT_NOT_FOUND');
      const now = this.d.clock.now();
      if (!(await this.d.payments.confirm(id, input.confirmNote ?? null, principal.userId, now, t))) {
        throw new AppError('PAYMENT_WRONG_STATE', '仅待确认的收款可以确认');
      }
      const cents = toCents(p.paymentAmount);
      if (!(await this.d.money.add(p.contractId, 'receivedAmount', cents, true, t))) {
        throw new AppError('PAYMENT_EXCEEDS_CONTRACT');
      }
      if (p.stageId !== null && !(await this.d.money.addToStage(p.stageId, cents, now, t))) {
        throw new AppError('PAYMENT_EXCEEDS_STAGE');
      }
    });
    return this.get(principal, id);
  }

  /**
   * 10.5: confirmed or draft → cancelled. Whichever conditional update moves the row says what it was: only a
   * confirmed payment gives its amount back (contract and stage, atomic decrements).
   */
  async void(principal: Principal, id: number, input: PaymentVoid): Promise<Payment> {
    const scope = scopeFor(principal);
    await this.d.db.transaction(async (t) => {
      const p = await this.d.payments.findById(id, scope, t);
      if (!p) throw new AppError('PAYMENT_NOT_FOUND');
      const now = this.d.clock.now();
      const by = principal.userId;
      if (await this.d.payments.cancel(id, 'confirmed', input.voidReason, by, now, t)) {
        const cents = -toCents(p.paymentAmount);
        await this.d.money.add(p.contractId, 'receivedAmount', cents, false, t);
        if (p.stageId !== null) await this.d.money.addToStage(p.stageId, cents, now, t);
        return;
      }
      if (!(await this.d.payments.cancel(id, 'draft', input.voidReason, by, now, t))) {
        throw new AppError('PAYMENT_WRONG_STATE', '收款记录已作废');
      }
    });
    return this.get(principal, id);
  }

  /** 10.6 over the signed contracts in scope (window: signing date); overdue: unsettled stages planned before today. */
  async statistics(principal: Principal, q: FinanceStatisticsQuery): Promise<PaymentStatistics> {
    const scope = scopeFor(principal);
    const customers = await this.d.receivables.byCustomer(q, scope);
    const overdue = await this.d.receivables.overdueStages(q, scope, this.today());
    let contract = 0n;
    let received = 0n;
    const byCustomer = customers.map((c) => {
      contract += toCents(c.contractAmount);
      received += toCents(c.receivedAmount);
      return {
        customerId: c.customerId,
        customerName: c.customerName,
        contractAmount: c.contractAmount,
        receivedAmount: c.receivedAmount,
        receivableAmount: fromCents(balanceCents(c.contractAmount, c.receivedAmount)),
      };
    });
    const overdueCents = overdue.reduce((sum, s) => sum + balanceCents(s.amount, s.paidAmount), 0n);
    return {
      totalContractAmount: fromCents(contract),
      totalReceivedAmount: fromCents(received),
      totalReceivableAmount: fromCents(contract - received > 0n ? contract - received : 0n),
      receivedRate: ratePercent(received, contract),
      overdueReceivableAmount: fromCents(overdueCents),
      byCustomer,
    };
  }

  /** 10.7: every unsettled stage of a signed contract whose plan date has passed, oldest first. */
  async overdue(principal: Principal, q: OverdueQuery): Promise<OverdueReceivable[]> {
    const today = this.today();
    const stages = await this.d.receivables.overdueStages(q, scopeFor(principal), today);
    return stages
      .filter((s) => balanceCents(s.amount, s.paidAmount) > 0n)
      .map((s) => ({
        contractId: s.contractId,
        contractNo: s.contractNo,
        customerId: s.customerId,
        customerName: s.customerName,
        stageId: s.stageId,
        paymentStage: s.stageName,
        expectedAmount: s.amount,
        receivedAmount: s.paidAmount,
        balanceAmount: fromCents(balanceCents(s.amount, s.paidAmount)),
        planDate: s.planDate,
        overdueDays: daysBetween(s.planDate, today),
      }));
  }

  /** 10.8: the list's rows as .xlsx (every text cell neutralised against formula injection by `writeSheet`). */
  async export(principal: Principal, q: PaymentExportQuery): Promise<Buffer> {
    const { rows } = await this.d.payments.list(q, scopeFor(principal), { limit: EXPORT_MAX_ROWS, offset: 0 });
    return writeSheet(
      '收款记录',
      COLUMNS,
      rows.map((p) => ({
        paymentNo: p.paymentNo,
        contractNo: p.contractNo,
        customerName: p.customerName,
        paymentStage: p.paymentStage,
        paymentAmount: p.paymentAmount,
        paymentDate: p.paymentDate,
        paymentMethod: PAYMENT_METHOD_LABELS[p.paymentMethod] ?? p.paymentMethod,
        bankAccount: p.bankAccount,
        transactionNo: p.transactionNo,
        payerName: p.payerName,
        expectedAmount: p.expectedAmount,
        status: STATUS_LABELS[p.status],
        confirmDate: p.confirmedAt ? p.confirmedAt.toISOString() : null,
        paymentNote: p.paymentNote,
      })),
    );
  }
}
