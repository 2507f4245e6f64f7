import type { WarrantyStatus } from '@app/shared';

/** The warranty terms of a contract, as the contracts table keeps them (004 §7.2 `warrantyTerms`, §7.3). */
export interface WarrantyTerms {
  /** Free text as 004 writes it: "12个月", "1年", "90天", "2 years". */
  warrantyPeriod: string | null;
  /** When the period starts: `delivery`, `signing` (or `acceptance`, …); only `signing` is known up front. */
  warrantyStartType: string | null;
  warrantyStartDate: string | null;
  warrantyEndDate: string | null;
  signedDate: string | null;
}

export interface WarrantyVerdict {
  isUnderWarranty: boolean;
  warrantyStatus: WarrantyStatus;
  warrantyStartDate: string | null;
  warrantyEndDate: string | null;
  /** Days from `day` to the last covered day (0 on that day, 0 once expired); null without an end date. */
  daysLeft: number | null;
}

export interface WarrantyPeriod {
  months: number;
  days: number;
}

const UNITS: readonly [RegExp, (n: number) => WarrantyPeriod][] = [
  [/^(个月|月|months?|mos?)$/i, (n) => ({ months: n, days: 0 })],
  [/^(年|years?|yrs?)$/i, (n) => ({ months: n * 12, days: 0 })],
  [/^(周|星期|weeks?)$/i, (n) => ({ months: 0, days: n * 7 })],
  [/^(天|日|days?)$/i, (n) => ({ months: 0, days: n })],
];

/** "12个月" → 12 months, "1年" → 12 months, "90天" → 90 days; a bare number is months. Null when unreadable. */
export function parseWarrantyPeriod(text: string | null): WarrantyPeriod | null {
  if (!text) return null;
  const match = /^\s*(\d{1,4})\s*([^\d\s]*)\s*$/.exec(text);
  if (!match) return null;
  const n = Number(match[1]);
  if (n <= 0) return null;
  if (match[2] === '') return { months: n, days: 0 };
  const unit = UNITS.find(([re]) => re.test(match[2]));
  return unit ? unit[1](n) : null;
}

const DAY_MS = 86_400_000;
const toUtc = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `start` plus the period; months keep the day of month, clamped to the month's end (01-31 + 1 month = 02-28/29). */
export function addPeriod(start: string, period: WarrantyPeriod): string {
  const [y, m, d] = start.split('-').map(Number);
  const monthIndex = m - 1 + period.months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const base = Date.UTC(year, month, Math.min(d, lastDay));
  return fromUtc(base + period.days * DAY_MS);
}

export const daysBetween = (from: string, to: string): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);

const SIGNING = new Set(['signing', 'sign', 'signed', 'contract_signing']);

/**
 * The warranty on `day` (`YYYY-MM-DD`) under a contract's terms. The end date is the last covered day
 * (start 2025-01-08 + 12 months → covered through 2026-01-08, as 004 §7.3 shows). A warranty whose start is still
 * ahead (goods not delivered yet) counts as under warranty: the whole period is still to come.
 */
export function warrantyOn(terms: WarrantyTerms | null, day: string): WarrantyVerdict {
  const none = (warrantyStatus: WarrantyStatus): WarrantyVerdict => ({
    isUnderWarranty: false,
    warrantyStatus,
    warrantyStartDate: null,
    warrantyEndDate: null,
    daysLeft: null,
  });
  if (!terms) return none('no_contract');
  const period = parseWarrantyPeriod(terms.warrantyPeriod);
  const start =
    terms.warrantyStartDate ??
    (terms.warrantyStartType && SIGNING.has(terms.warrantyStartType) ? terms.signedDate : null);
  const end = terms.warrantyEndDate ?? (start && period ? addPeriod(start, period) : null);
  if (!end) {
    if (!period) return none('no_terms');
    return {
      isUnderWarranty: true,
      warrantyStatus: 'not_started',
      warrantyStartDate: start,
      warrantyEndDate: null,
      daysLeft: null,
    };
  }
  const left = daysBetween(day, end);
  if (left < 0) {
    return {
      isUnderWarranty: false,
      warrantyStatus: 'expired',
      warrantyStartDate: start,
      warrantyEndDate: end,
      daysLeft: 0,
    };
  }
  const status: WarrantyStatus = start && day < start ? 'not_started' : 'in_warranty';
  return {
    isUnderWarranty: true,
    warrantyStatus: status,
    warrantyStartDate: start,
    warrantyEndDate: end,
    daysLeft: left,
  };
}
