import { PaymentCreateSchema } from '@app/shared';
import { AppError } from '@app/server/src/http/app-error';
import { balanceCents, daysBetween, financeScopeSql, ratePercent } from '@app/server/src/modules/payments/finance-core';
import { assertPaymentFits, resolveStage, stageFigures } from '@app/server/src/modules/payments/payment-rules';
import type { PaymentStageRecord } from '@app/server/src/modules/contracts/contract-stages.repository';

const stage = (
  id: number,
  stageName: string,
  amount: string,
  paidAmount = '0.00',
  settled = false,
): PaymentStageRecord => ({
  id,
  sortOrder: id,
  stageName,
  ratio: '50.00',
  amount,
  planDate: '2026-12-01',
  paymentCondition: null,
  paidAmount,
  settled,
  settledAt: null,
});

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
}

describe('payment rules (004 §10)', () => {
  const stages = [stage(1, '首付款', '70000.00'), stage(2, '尾款', '70000.00')];

  it('finds the stage by id or by name, and refuses a stage of no such name or id', () => {
    expect(resolveStage(stages, 2, undefined)?.id).toBe(2);
    expect(resolveStage(stages, undefined, '首付款')?.id).toBe(1);
    expect(resolveStage(stages, 1, '首付款')?.id).toBe(1);
    expect(resolveStage(stages, undefined, undefined)).toBeNull();
    expect(codeOf(() => resolveStage(stages, 3, undefined))).toBe('PAYMENT_STAGE_INVALID');
    expect(codeOf(() => resolveStage(stages, undefined, '质保金'))).toBe('PAYMENT_STAGE_INVALID');
    expect(codeOf(() => resolveStage(stages, 2, '首付款'))).toBe('PAYMENT_STAGE_INVALID');
  });

  it('of several stages with one name, takes the first unsettled', () => {
    const twice = [stage(1, '进度款', '10.00', '10.00', true), stage(2, '进度款', '10.00')];
    expect(resolveStage(twice, undefined, '进度款')?.id).toBe(2);
  });

  it('a payment fits what the contract and the stage still lack, to the cent', () => {
    const contract = { contractAmount: '140000.00', receivedAmount: '69999.99' };
    expect(codeOf(() => assertPaymentFits('70000.01', contract, null))).toBe(null);
    expect(codeOf(() => assertPaymentFits('70000.02', contract, null))).toBe('PAYMENT_EXCEEDS_CONTRACT');
    const s = { amount: '70000.00', paidAmount: '0.30' };
    expect(codeOf(() => assertPaymentFits('69999.70', contract, s))).toBe(null);
    expect(codeOf(() => assertPaymentFits('69999.71', contract, s))).toBe('PAYMENT_EXCEEDS_STAGE');
    // SQLite hands DECIMALs over as numbers: 0.1 + 0.2 style values still compare exactly.
    expect(codeOf(() => assertPaymentFits('0.30', { contractAmount: 0.3, receivedAmount: 0 }, null))).toBe(null);
  });

  it("shows a stage's paid, balance and settled figures (10.3)", () => {
    expect(stageFigures({ amount: '70000.00', paidAmount: '70000', settled: true })).toEqual({
      stagePaidAmount: '70000.00',
      stageBalanceAmount: '0.00',
      isStageSettled: 1,
    });
    expect(stageFigures({ amount: '70000.00', paidAmount: '0.1', settled: false })).toEqual({
      stagePaidAmount: '0.10',
      stageBalanceAmount: '69999.90',
      isStageSettled: 0,
    });
    expect(stageFigures(null)).toEqual({ stagePaidAmount: null, stageBalanceAmount: null, isStageSettled: null });
  });

  it('balances never go below zero; rates are one decimal, half up, exact', () => {
    expect(balanceCents('100.00', '30.01')).toBe(6999n);
    expect(balanceCents('100.00', '100.01')).toBe(0n);
    expect(ratePercent(25000000n, 50000000n)).toBe(50);
    expect(ratePercent(1n, 3n)).toBe(33.3);
    expect(ratePercent(2n, 3n)).toBe(66.7);
    expect(ratePercent(1n, 0n)).toBe(0);
    expect(ratePercent(10000055n, 28000000n)).toBe(35.7);
  });

  it('counts overdue days between calendar dates', () => {
    expect(daysBetween('2024-12-20', '2024-12-26')).toBe(6);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-11-20', '2026-11-20')).toBe(0);
  });

  it('sales see the payments of their own customers and contracts; others by data.all only', () => {
    expect(financeScopeSql({ kind: 'all' }, 'p').sql).toBe('1 = 1');
    const owner = financeScopeSql({ kind: 'owner', userId: 7 }, 'p');
    expect(owner.sql).toContain('p.customerId IN');
    expect(owner.params).toEqual([7, 7]);
    expect(financeScopeSql({ kind: 'factory', factoryId: 1 }, 'p').sql).toBe('1 = 0');
  });

  it('takes amounts as exact two-decimal strings and refuses zero, negatives and a third decimal', () => {
    const base = { contractId: 1, paymentDate: '2026-11-18', paymentMethod: 'bank_transfer' };
    expect(PaymentCreateSchema.parse({ ...base, paymentAmount: 70000.0 }).paymentAmount).toBe('70000.00');
    expect(PaymentCreateSchema.parse({ ...base, paymentAmount: '0.1' }).paymentAmount).toBe('0.10');
    for (const paymentAmount of [0, '0.00', -1, '1.005', 'abc']) {
      expect(PaymentCreateSchema.safeParse({ ...base, paymentAmount }).success).toBe(false);
    }
    expect(PaymentCreateSchema.safeParse({ ...base, paymentAmount: 1, paymentDate: '2026-02-29' }).success).toBe(false);
  });
});
