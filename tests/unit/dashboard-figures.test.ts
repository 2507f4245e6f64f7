import { AppError } from '@app/server/src/http/app-error';
import type { DashboardFigures } from '@app/server/src/modules/dashboard/dashboard.repository';
import {
  channels,
  percent,
  resolveWindow,
  scopeKey,
  toDashboard,
} from '@app/server/src/modules/dashboard/dashboard-figures';

const NOW = new Date('2026-11-20T23:59:59.000Z');

describe('resolveWindow', () => {
  it('defaults to the 30 days ending today (UTC)', () => {
    expect(resolveWindow({}, NOW)).toEqual({ startDate: '2026-10-22', endDate: '2026-11-20', today: '2026-11-20' });
  });

  it('counts 30 days back from a given end, and up to today from a given start', () => {
    expect(resolveWindow({ endDate: '2026-03-01' }, NOW).startDate).toBe('2026-01-31');
    expect(resolveWindow({ startDate: '2026-11-01' }, NOW).endDate).toBe('2026-11-20');
  });

  it('keeps a range given in full, even in the future', () => {
    expect(resolveWindow({ startDate: '2027-01-01', endDate: '2027-01-31' }, NOW)).toEqual({
      startDate: '2027-01-01',
      endDate: '2027-01-31',
      today: '2026-11-20',
    });
  });

  it('refuses a start after its default end (today) with a 400 naming endDate', () => {
    let thrown: unknown;
    try {
      resolveWindow({ startDate: '2026-11-21' }, NOW);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(400);
    expect((thrown as AppError).details).toEqual([expect.objectContaining({ field: 'endDate' })]);
  });
});

describe('percent', () => {
  it('rounds half up to two decimals without float error', () => {
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(2, 3)).toBe(66.67);
    expect(percent(1, 8)).toBe(12.5);
    // 1/16 = 6.25 exactly; 1/160 = 0.625 → 0.63 (half up), which float rounding would give as 0.62.
    expect(percent(1, 160)).toBe(0.63);
    expect(percent(5, 5)).toBe(100);
  });

  it('is 0 when there is nothing to divide by', () => {
    expect(percent(0, 0)).toBe(0);
  });
});

describe('channels', () => {
  it('merges missing and blank sources into unknown and sorts by count, then name', () => {
    expect(
      channels([
        { source: null, count: 2, converted: 0 },
        { source: '  ', count: 1, converted: 1 },
        { source: 'website', count: 3, converted: 1 },
        { source: 'exhibition', count: 3, converted: 3 },
      ]),
    ).toEqual([
      { channel: 'exhibition', count: 3, convertedCount: 3, conversionRate: 100 },
      { channel: 'unknown', count: 3, convertedCount: 1, conversionRate: 33.33 },
      { channel: 'website', count: 3, convertedCount: 1, conversionRate: 33.33 },
    ]);
  });
});

describe('toDashboard', () => {
  const figures: DashboardFigures = {
    channels: [
      { source: 'social_media', count: 4, converted: 1 },
      { source: null, count: 1, converted: 0 },
    ],
    conversions: 2,
    quotations: 3,
    contracts: { count: 1, amount: '500000.5' },
    received: 250000.1,
    invoiced: '0',
    receivable: '250000.40',
    overdue: 0,
    totalCustomers: 5,
    activeCustomers: 4,
  };

  it('sums the funnel leads from the channels and formats money with two decimals', () => {
    const d = toDashboard(figures, { startDate: '2026-11-01', endDate: '2026-11-30', today: '2026-11-20' }, NOW);
    expect(d.salesFunnel).toEqual({ leads: 5, customers: 2, quotations: 3, contracts: 1 });
    expect(d.performanceStats).toEqual({
      totalContractAmount: '500000.50',
      totalReceivedAmount: '250000.10',
      totalInvoicedAmount: '0.00',
    });
    expect(d.paymentStats).toEqual({ receivableAmount: '250000.40', overdueAmount: '0.00' });
    expect(d.customerAnalysis).toEqual({ totalCustomers: 5, activeCustomers: 4, inactiveCustomers: 1 });
    expect(d.range).toEqual({ startDate: '2026-11-01', endDate: '2026-11-30' });
    expect(d.generatedAt).toBe(NOW.toISOString());
  });
});

describe('scopeKey', () => {
  it('shares one key for data.all and gives each owner their own', () => {
    expect(scopeKey({ kind: 'all' })).toBe('all');
    expect(scopeKey({ kind: 'owner', userId: 7 })).toBe('owner:7');
    expect(scopeKey({ kind: 'none' })).toBe('none');
  });
});
