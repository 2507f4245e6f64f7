import { DASHBOARD_DEFAULT_DAYS, type Dashboard, type DashboardChannel, type DashboardQuery } from '@app/shared';
import { AppError } from '../../http/app-error';
import { formatMoney } from '../../platform/money';
import type { DataScope } from '../access/principal';
import type { DashboardFigures, DashboardWindow, RangeFigures } from './dashboard.repository';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const shift = (day: string, days: number) => dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

/**
 * The days counted: `endDate` defaults to today (UTC), `startDate` to 29 days before the end (30 days in all).
 * Only a start in the future (its default end, today, before it) is refused here; the schema checks the rest.
 */
export function resolveWindow(q: DashboardQuery, now: Date): DashboardWindow {
  const today = dayOf(now.getTime());
  const endDate = q.endDate ?? today;
  const startDate = q.startDate ?? shift(endDate, -(DASHBOARD_DEFAULT_DAYS - 1));
  if (endDate < startDate)
    throw new AppError('VALIDATION_ERROR', '请求参数错误：endDate 结束日期不能早于开始日期', [
      { field: 'endDate', message: '结束日期不能早于开始日期（未给出时为今天）' },
    ]);
  return { startDate, endDate, today };
}

/** `part / whole × 100` with two decimals, half up, computed in integers (0 when there is no whole). */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const hundredths = (BigInt(part) * 20_000n + BigInt(whole)) / (2n * BigInt(whole));
  return Number(hundredths) / 100;
}

/** Sources as channels: a missing or blank source is `unknown`; most customers first, then by name. */
export function channels(rows: RangeFigures['channels']): DashboardChannel[] {
  const merged = new Map<string, { count: number; converted: number }>();
  for (const r of rows) {
    const channel = r.source?.trim() || 'unknown';
    const m = merged.get(channel) ?? { count: 0, converted: 0 };
    merged.set(channel, { count: m.count + r.count, converted: m.converted + r.converted });
  }
  return [...merged]
    .map(([channel, m]) => ({
      channel,
      count: m.count,
      convertedCount: m.converted,
      conversionRate: percent(m.converted, m.count),
    }))
    .sort((a, b) => b.count - a.count || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
}

const money = (v: unknown): string => formatMoney(typeof v === 'number' ? v : String(v ?? 0));

/** The answer of 004 §13.1 from the raw figures. */
export function toDashboard(f: DashboardFigures, w: DashboardWindow, at: Date): Dashboard {
  const byChannel = channels(f.channels);
  const active = Math.min(f.activeCustomers, f.totalCustomers);
  return {
    salesFunnel: {
      leads: byChannel.reduce((sum, c) => sum + c.count, 0),
      customers: f.conversions,
      quotations: f.quotations,
      contracts: f.contracts.count,
    },
    channelAnalysis: byChannel,
    performanceStats: {
      totalContractAmount: money(f.contracts.amount),
      totalReceivedAmount: money(f.received),
      totalInvoicedAmount: money(f.invoiced),
    },
    paymentStats: { receivableAmount: money(f.receivable), overdueAmount: money(f.overdue) },
    customerAnalysis: {
      totalCustomers: f.totalCustomers,
      activeCustomers: active,
      inactiveCustomers: f.totalCustomers - active,
    },
    range: { startDate: w.startDate, endDate: w.endDate },
    generatedAt: at.toISOString(),
  };
}

/** One cache entry per data scope: everyone with `data.all` shares one, each salesperson has their own. */
export function scopeKey(scope: DataScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'owner':
      return `owner:${scope.userId}`;
    case 'factory':
      return `factory:${scope.factoryId}`;
    case 'company':
      return `company:${scope.customerId}`;
    case 'none':
      return 'none';
  }
}
