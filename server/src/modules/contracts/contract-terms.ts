import { WARRANTY_PERIOD_PATTERN, type PaymentStageInput, type WarrantyStartType } from '@app/shared';
import type { FieldProblem } from '../../http/validate';
import { apportion, fromCents, toCents, toHundredths } from '../../platform/money';

/** 100 % in hundredths of a percent. */
const FULL_RATIO = 10_000n;

const ratioText = (hundredths: bigint) => `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;

/**
 * The payment-stage rules of 7.2, exact (cents and hundredths of a percent): the amounts add up to the contract
 * amount, the ratios to 100 %, and each stage's ratio is its share of the amount (to within 0.01 %, so 1/3 may
 * be written 33.33 or 33.34). Answers every problem, each naming its field.
 */
export function checkPaymentStages(stages: readonly PaymentStageInput[], contractAmount: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (stages.length === 0) return problems;
  const total = toCents(contractAmount);
  const amounts = stages.map((s) => toCents(s.paymentAmount));
  const ratios = stages.map((s) => toHundredths(s.paymentRatio));
  stages.forEach((s, i) => {
    // |amount / total − ratio / 100| ≤ 0.01 %, in integers: |amount × 10000 − ratio × total| ≤ total.
    const gap = amounts[i] * FULL_RATIO - ratios[i] * total;
    if ((gap < 0n ? -gap : gap) > total) {
      const share = total === 0n ? '0.00' : ratioText((amounts[i] * FULL_RATIO * 2n + total) / (2n * total));
      problems.push({
        field: `paymentTerms.${i}.paymentRatio`,
        message: `第 ${i + 1} 阶段比例 ${s.paymentRatio}% 与金额 ${s.paymentAmount} 不符（应为 ${share}%）`,
      });
    }
  });
  const amountSum = amounts.reduce((a, b) => a + b, 0n);
  if (amountSum !== total) {
    problems.push({
      field: 'paymentTerms',
      message: `各付款阶段金额之和 ${fromCents(amountSum)} 须等于合同金额 ${fromCents(total)}`,
    });
  }
  const ratioSum = ratios.reduce((a, b) => a + b, 0n);
  if (ratioSum !== FULL_RATIO) {
    problems.push({ field: 'paymentTerms', message: `各付款阶段比例之和 ${ratioText(ratioSum)}% 须等于 100%` });
  }
  return problems;
}

/** A stored stage as the amount rules see it. */
export interface StageMoney {
  amount: string;
  paidAmount: string;
  settled: boolean;
}

/**
 * The stages after the contract amount changes to `newAmount` (a signed amendment): the difference goes to the
 * last unsettled stage, and the ratios are re-apportioned so they still add up to exactly 100 %. Null when the
 * change cannot be absorbed (no unsettled stage, or the stage would fall to zero or below what was paid).
 */
export function rebalanceStages(
  stages: readonly StageMoney[],
  newAmount: string,
): { amount: string; ratio: string }[] | null {
  if (stages.length === 0) return [];
  const amounts = stages.map((s) => toCents(s.amount));
  const delta = toCents(newAmount) - amounts.reduce((a, b) => a + b, 0n);
  const last = stages.map((s) => s.settled).lastIndexOf(false);
  if (delta !== 0n) {
    if (last < 0) return null;
    amounts[last] += delta;
    if (amounts[last] <= 0n || amounts[last] < toCents(stages[last].paidAmount)) return null;
  }
  const ratios = apportion(FULL_RATIO, amounts);
  return amounts.map((a, i) => ({ amount: fromCents(a), ratio: ratioText(ratios[i]) }));
}

export interface WarrantyPeriod {
  unit: 'month' | 'day';
  count: number;
}

/** "12个月" → 12 months, "1年" → 12 months, "90天" → 90 days; null for anything else. */
export function parseWarrantyPeriod(text: string): WarrantyPeriod | null {
  const m = WARRANTY_PERIOD_PATTERN.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] === '年') return { unit: 'month', count: n * 12 };
  if (m[2] === '天' || m[2] === '日') return { unit: 'day', count: n };
  return { unit: 'month', count: n };
}

/**
 * The last day of the warranty: the start plus the period, as 004 shows (2025-01-08 + 12个月 = 2026-01-08).
 * Months keep the day of the month, clamped to the month's end (01-31 + 1个月 = 02-28/29).
 */
export function warrantyEndDate(startDay: string, period: WarrantyPeriod): string {
  const [y, m, d] = startDay.split('-').map(Number);
  if (period.unit === 'day') return new Date(Date.UTC(y, m - 1, d + period.count)).toISOString().slice(0, 10);
  const monthIndex = m - 1 + period.count;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/**
 * Warranty dates for a start type: from the signed date when it starts on signing; when it starts on delivery,
 * from the delivery date (null until the goods are delivered).
 */
export function warrantyDates(
  startType: WarrantyStartType | null,
  periodText: string | null,
  dates: { signedDate: string | null; deliveredDate: string | null },
): { warrantyStartDate: string | null; warrantyEndDate: string | null } {
  const start = startType === 'signing' ? dates.signedDate : startType === 'delivery' ? dates.deliveredDate : null;
  const period = periodText === null ? null : parseWarrantyPeriod(periodText);
  if (!start || !period) return { warrantyStartDate: start ?? null, warrantyEndDate: null };
  return { warrantyStartDate: start, warrantyEndDate: warrantyEndDate(start, period) };
}

/** `part / total × 100` with one decimal, rounded half up, exact; 0 when the total is 0. */
export function progressPercent(part: bigint, total: bigint): number {
  if (total <= 0n) return 0;
  const tenths = (part * 1000n * 2n + total) / (2n * total);
  return Number(tenths) / 10;
}

/** 7.11: the mean of the shipped, received and invoiced shares of the contract amount (004: 100, 50, 0 → 50.0). */
export function executionProgress(amounts: {
  contractAmount: string | number;
  shipped: string | number;
  received: string | number;
  invoiced: string | number;
}): number {
  const done = toCents(amounts.shipped) + toCents(amounts.received) + toCents(amounts.invoiced);
  return progressPercent(done, 3n * toCents(amounts.contractAmount));
}

/** Item subtotals (unit price × quantity) must add up to the contract amount when items are given. */
export function itemsTotal(items: readonly { unitPrice: string; quantity: number }[]): bigint {
  return items.reduce((sum, i) => sum + toCents(i.unitPrice) * BigInt(i.quantity), 0n);
}
