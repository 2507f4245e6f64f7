import { Op, QueryTypes, literal, type Transaction } from 'sequelize';
import type { ContractStatus } from '@app/shared';
import type { Database } from '../../db/database';
import { ContractModel, ContractPaymentStageModel } from '../../db/models';
import { AppError } from '../../http/app-error';
import { formatMoney, fromCents, toCents } from '../../platform/money';
import type { DataScope } from '../access/principal';
import type { ContractRecord, ContractsRepository } from '../contracts/contracts.repository';
import { asDate } from '../orders/order-records';

/** Contracts that take payments and invoices: signed and later, not drafts or terminated ones. */
export const FINANCE_CONTRACT_STATUSES: readonly ContractStatus[] = ['signed', 'executing', 'completed'];

export type SqlParam = string | number | Date;

/**
 * Who sees a payment or invoice: the same rule as for its contract (sales: the contracts of their own customers
 * and those they own). `alias` names a table with `customerId` and `contractId` columns.
 */
export function financeScopeSql(scope: DataScope, alias: string): { sql: string; params: SqlParam[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'owner':
      return {
        sql:
          `(${alias}.customerId IN (SELECT cs.id FROM customers cs WHERE cs.ownerId = ?)` +
          ` OR ${alias}.contractId IN (SELECT co.id FROM contracts co WHERE co.ownerId = ?))`,
        params: [scope.userId, scope.userId],
      };
    default:
      return { sql: '1 = 0', params: [] };
  }
}

/** The same rule on the `contracts` table itself (alias `c`). */
export function contractScopeSql(scope: DataScope): { sql: string; params: SqlParam[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'owner':
      return {
        sql: '(c.ownerId = ? OR c.customerId IN (SELECT cs.id FROM customers cs WHERE cs.ownerId = ?))',
        params: [scope.userId, scope.userId],
      };
    default:
      return { sql: '1 = 0', params: [] };
  }
}

/** A WHERE clause built piece by piece, with its positional parameters. */
export class Conditions {
  readonly parts: string[] = [];
  readonly params: SqlParam[] = [];

  add(sql: string, ...params: SqlParam[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }

  get sql(): string {
    return this.parts.length === 0 ? '1 = 1' : this.parts.join(' AND ');
  }
}

export async function selectRows(
  db: Database,
  sql: string,
  params: readonly SqlParam[],
  t?: Transaction,
): Promise<Record<string, unknown>[]> {
  return db.sequelize.query<Record<string, unknown>>(sql, {
    replacements: [...params],
    type: QueryTypes.SELECT,
    transaction: t,
  });
}

export const num = (v: unknown): number => Number(v);
export const idOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const moneyOf = (v: unknown): string => formatMoney(v === null || v === undefined ? 0 : (v as string | number));
export const moneyOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : formatMoney(v as string | number);
export const dayOf = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
export const dayOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dayOf(v));
export const dateOf = (v: unknown): Date => asDate(v as Date | string);
export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : dateOf(v));
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A signed two-decimal amount, checked before it is written into SQL text. */
function sqlAmount(cents: bigint): string {
  const text = fromCents(cents);
  if (!/^-?\d+\.\d{2}$/.test(text)) throw new Error(`not an amount: ${text}`);
  return `CAST('${text}' AS DECIMAL(16,2))`;
}

/**
 * Atomic money moves on a contract and a payment stage: `SET x = ROUND(x + Δ, 2)` in one UPDATE, so concurrent
 * requests never lose one another's change (no read-modify-write). A positive Δ may carry a cap (`x + Δ ≤ cap
 * column`): the UPDATE then applies only while the cap holds, and answers false otherwise. ROUND keeps SQLite's
 * floating NUMERIC values at two decimals; on MariaDB the arithmetic is exact DECIMAL.
 */
export class ContractMoney {
  /** Adds `cents` to `contracts.<column>`; with `capped`, only while the result stays ≤ contractAmount. */
  async add(
    contractId: number,
    column: 'receivedAmount' | 'invoicedAmount',
    cents: bigint,
    capped: boolean,
    t: Transaction,
  ): Promise<boolean> {
    const next = `ROUND(${column} + ${sqlAmount(cents)}, 2)`;
    const [count] = await ContractModel.update(
      { [column]: literal(next) },
      {
        where: capped ? { id: contractId, [Op.and]: [literal(`${next} <= contractAmount`)] } : { id: contractId },
        transaction: t,
      },
    );
    return count === 1;
  }

  /**
   * Adds `cents` to a stage's paid amount (capped by the stage amount when positive), then sets `settled` and
   * `settledAt` from the new paid amount in separate statements (MariaDB evaluates SET left to right, SQLite does
   * not: reading the updated row in a later statement behaves the same on both).
   */
  async addToStage(stageId: number, cents: bigint, now: Date, t: Transaction): Promise<boolean> {
    const next = `ROUND(paidAmount + ${sqlAmount(cents)}, 2)`;
    const [count] = await ContractPaymentStageModel.update(
      { paidAmount: literal(next) },
      {
        where: cents > 0n ? { id: stageId, [Op.and]: [literal(`${next} <= amount`)] } : { id: stageId },
        transaction: t,
      },
    );
    if (count !== 1) return false;
    await ContractPaymentStageModel.update(
      { settled: true, settledAt: now },
      { where: { id: stageId, settled: false, [Op.and]: [literal('paidAmount >= amount')] }, transaction: t },
    );
    await ContractPaymentStageModel.update(
      { settled: false, settledAt: null },
      { where: { id: stageId, settled: true, [Op.and]: [literal('paidAmount < amount')] }, transaction: t },
    );
    return true;
  }
}

/** A contract the scope may see that takes payments and invoices; 400 when missing, 422 when not signed. */
export async function financeContract(
  contracts: ContractsRepository,
  contractId: number,
  scope: DataScope,
  t: Transaction,
): Promise<ContractRecord> {
  const contract = await contracts.findById(contractId, scope, t);
  if (!contract) {
    throw new AppError('FINANCE_CONTRACT_INVALID', `合同不存在：${contractId}`, [
      { field: 'contractId', message: '合同不存在' },
    ]);
  }
  if (!FINANCE_CONTRACT_STATUSES.includes(contract.status)) throw new AppError('FINANCE_CONTRACT_NOT_SIGNED');
  return contract;
}

/** What is left of `total` after `done`, in cents (never below zero). */
export function balanceCents(total: string | number, done: string | number): bigint {
  const left = toCents(total) - toCents(done);
  return left > 0n ? left : 0n;
}

/** `part / total × 100`, one decimal, half up, exact (0 when nothing is due). */
export function ratePercent(part: bigint, total: bigint): number {
  if (total <= 0n) return 0;
  const tenths = (part * 2000n + total) / (2n * total);
  return Number(tenths) / 10;
}

/** Whole days from `planDate` to `today` (both YYYY-MM-DD); positive when overdue. */
export function daysBetween(planDate: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${planDate}T00:00:00Z`)) / 86_400_000);
}
