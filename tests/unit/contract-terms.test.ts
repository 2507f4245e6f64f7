import {
  checkPaymentStages,
  executionProgress,
  itemsTotal,
  parseWarrantyPeriod,
  progressPercent,
  rebalanceStages,
  warrantyDates,
  warrantyEndDate,
} from '@app/server/src/modules/contracts/contract-terms';

const stage = (paymentRatio: string, paymentAmount: string) => ({
  stage: '阶段',
  paymentRatio,
  paymentAmount,
  planDate: '2026-12-01',
});

describe('checkPaymentStages', () => {
  it('accepts 004’s example: 50 % + 50 % of 140000.00', () => {
    expect(checkPaymentStages([stage('50.00', '70000.00'), stage('50.00', '70000.00')], '140000.00')).toEqual([]);
  });

  it('accepts no stages at all (a draft may plan them later)', () => {
    expect(checkPaymentStages([], '140000.00')).toEqual([]);
  });

  it('accepts thirds rounded to the cent and to 0.01 %, either way round', () => {
    expect(
      checkPaymentStages([stage('33.33', '33.33'), stage('33.33', '33.33'), stage('33.34', '33.34')], '100.00'),
    ).toEqual([]);
    expect(
      checkPaymentStages([stage('33.34', '33.33'), stage('33.33', '33.33'), stage('33.33', '33.34')], '100.00'),
    ).toEqual([]);
  });

  it('accepts seven stages of an amount that does not divide evenly', () => {
    const parts = ['14.29', '14.29', '14.29', '14.29', '14.28', '14.28', '14.28'];
    expect(
      checkPaymentStages(
        parts.map((p) => stage(p, p)),
        '100.00',
      ),
    ).toEqual([]);
  });

  it('refuses amounts one cent short of the contract amount', () => {
    const problems = checkPaymentStages([stage('50.00', '70000.00'), stage('50.00', '69999.99')], '140000.00');
    expect(problems).toEqual([
      { field: 'paymentTerms', message: '各付款阶段金额之和 139999.99 须等于合同金额 140000.00' },
    ]);
  });

  it('refuses ratios that add up to 99.99 % even when every amount is right', () => {
    const problems = checkPaymentStages([stage('49.99', '50.00'), stage('50.00', '50.00')], '100.00');
    expect(problems.map((p) => p.field)).toEqual(['paymentTerms']);
    expect(problems[0].message).toContain('99.99%');
  });

  it('refuses a ratio more than 0.01 % away from its amount’s share, naming the stage', () => {
    const problems = checkPaymentStages([stage('30.00', '70000.00'), stage('70.00', '70000.00')], '140000.00');
    expect(problems.map((p) => p.field)).toEqual(['paymentTerms.0.paymentRatio', 'paymentTerms.1.paymentRatio']);
    expect(problems[0].message).toContain('应为 50.00%');
  });

  it('works in cents: amounts near the 10^12 ceiling stay exact', () => {
    expect(
      checkPaymentStages([stage('50.00', '499999999999.99'), stage('50.00', '500000000000.01')], '1000000000000.00'),
    ).toEqual([]);
  });
});

describe('rebalanceStages', () => {
  const s = (amount: string, settled = false, paidAmount = '0.00') => ({ amount, paidAmount, settled });

  it('puts an increase on the last unsettled stage and re-apportions ratios to exactly 100 %', () => {
    expect(rebalanceStages([s('70000.00'), s('70000.00')], '168000.00')).toEqual([
      { amount: '70000.00', ratio: '41.67' },
      { amount: '98000.00', ratio: '58.33' },
    ]);
  });

  it('skips settled stages at the end', () => {
    expect(rebalanceStages([s('50.00'), s('50.00', true, '50.00')], '80.00')).toEqual([
      { amount: '30.00', ratio: '37.50' },
      { amount: '50.00', ratio: '62.50' },
    ]);
  });

  it('refuses a decrease the stage cannot absorb (below zero, or below what was paid on it)', () => {
    expect(rebalanceStages([s('50.00'), s('50.00')], '50.00')).toBeNull();
    expect(rebalanceStages([s('50.00'), s('50.00', false, '40.00')], '80.00')).toBeNull();
    expect(rebalanceStages([s('100.00', true, '100.00')], '120.00')).toBeNull();
  });

  it('changes nothing without stages', () => {
    expect(rebalanceStages([], '100.00')).toEqual([]);
  });
});

describe('warranty', () => {
  it('parses months, years and days', () => {
    expect(parseWarrantyPeriod('12个月')).toEqual({ unit: 'month', count: 12 });
    expect(parseWarrantyPeriod('18月')).toEqual({ unit: 'month', count: 18 });
    expect(parseWarrantyPeriod('2年')).toEqual({ unit: 'month', count: 24 });
    expect(parseWarrantyPeriod(' 90 天 ')).toEqual({ unit: 'day', count: 90 });
    expect(parseWarrantyPeriod('一年')).toBeNull();
    expect(parseWarrantyPeriod('12 months')).toBeNull();
  });

  it('ends on the same day of the month after the period, as 004 shows (2025-01-08 + 12个月 = 2026-01-08)', () => {
    expect(warrantyEndDate('2025-01-08', { unit: 'month', count: 12 })).toBe('2026-01-08');
    expect(warrantyEndDate('2025-11-30', { unit: 'month', count: 3 })).toBe('2026-02-28');
  });

  it('clamps to the end of a shorter month, leap years included', () => {
    expect(warrantyEndDate('2024-01-31', { unit: 'month', count: 1 })).toBe('2024-02-29');
    expect(warrantyEndDate('2024-02-29', { unit: 'month', count: 12 })).toBe('2025-02-28');
  });

  it('counts days across month and year ends', () => {
    expect(warrantyEndDate('2025-12-15', { unit: 'day', count: 30 })).toBe('2026-01-14');
  });

  it('starts on the signed date for signing, on delivery (unknown yet) for delivery', () => {
    expect(warrantyDates('signing', '1年', { signedDate: '2025-01-08', deliveredDate: null })).toEqual({
      warrantyStartDate: '2025-01-08',
      warrantyEndDate: '2026-01-08',
    });
    expect(warrantyDates('delivery', '1年', { signedDate: '2025-01-08', deliveredDate: null })).toEqual({
      warrantyStartDate: null,
      warrantyEndDate: null,
    });
    expect(warrantyDates('delivery', '6个月', { signedDate: null, deliveredDate: '2025-01-08' })).toEqual({
      warrantyStartDate: '2025-01-08',
      warrantyEndDate: '2025-07-08',
    });
    expect(warrantyDates(null, null, { signedDate: '2025-01-08', deliveredDate: null })).toEqual({
      warrantyStartDate: null,
      warrantyEndDate: null,
    });
  });
});

describe('progress', () => {
  it('is a share with one decimal, rounded half up; 0 of nothing', () => {
    expect(progressPercent(1n, 3n)).toBe(33.3);
    expect(progressPercent(2n, 3n)).toBe(66.7);
    expect(progressPercent(1n, 2000n)).toBe(0.1);
    expect(progressPercent(5n, 0n)).toBe(0);
  });

  it('averages shipped, received and invoiced as 004 §7.11 shows (100, 50, 0 → 50.0)', () => {
    expect(
      executionProgress({ contractAmount: '140000.00', shipped: '140000.00', received: '70000.00', invoiced: 0 }),
    ).toBe(50);
    expect(executionProgress({ contractAmount: 0, shipped: 0, received: 0, invoiced: 0 })).toBe(0);
  });
});

describe('itemsTotal', () => {
  it('adds unit price × quantity in cents', () => {
    expect(
      itemsTotal([
        { unitPrice: '1400.00', quantity: 100 },
        { unitPrice: '0.10', quantity: 3 },
      ]),
    ).toBe(14000030n);
  });
});
