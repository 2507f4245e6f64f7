import {
  addPeriod,
  daysBetween,
  parseWarrantyPeriod,
  warrantyOn,
  type WarrantyTerms,
} from '@app/server/src/modules/tickets/ticket-warranty';

const terms = (over: Partial<WarrantyTerms> = {}): WarrantyTerms => ({
  warrantyPeriod: '12个月',
  warrantyStartType: 'delivery',
  warrantyStartDate: null,
  warrantyEndDate: null,
  signedDate: null,
  ...over,
});

describe('ticket warranty', () => {
  describe(parseWarrantyPeriod.name, () => {
    it.each([
      ['12个月', { months: 12, days: 0 }],
      ['18 月', { months: 18, days: 0 }],
      ['1年', { months: 12, days: 0 }],
      ['2 years', { months: 24, days: 0 }],
      ['90天', { months: 0, days: 90 }],
      ['2周', { months: 0, days: 14 }],
      ['6', { months: 6, days: 0 }],
    ])('reads %s', (text, expected) => {
      expect(parseWarrantyPeriod(text)).toEqual(expected);
    });

    it.each([null, '', '终身', '0个月', '十二个月', '12个月零3天'])('refuses %p', (text) => {
      expect(parseWarrantyPeriod(text)).toBeNull();
    });
  });

  describe(addPeriod.name, () => {
    it('adds months keeping the day of month (004 §7.3: 2025-01-08 + 12 months = 2026-01-08)', () => {
      expect(addPeriod('2025-01-08', { months: 12, days: 0 })).toBe('2026-01-08');
    });
    it('clamps to the end of a shorter month, leap years included', () => {
      expect(addPeriod('2024-01-31', { months: 1, days: 0 })).toBe('2024-02-29');
      expect(addPeriod('2025-01-31', { months: 1, days: 0 })).toBe('2025-02-28');
      expect(addPeriod('2024-02-29', { months: 12, days: 0 })).toBe('2025-02-28');
      expect(addPeriod('2025-11-30', { months: 3, days: 0 })).toBe('2026-02-28');
    });
    it('adds days across months and years', () => {
      expect(addPeriod('2025-12-15', { months: 0, days: 90 })).toBe('2026-03-15');
    });
  });

  it('counts calendar days between two dates', () => {
    expect(daysBetween('2026-01-01', '2026-01-08')).toBe(7);
    expect(daysBetween('2026-01-08', '2026-01-01')).toBe(-7);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  describe(warrantyOn.name, () => {
    it('is out of warranty without a contract', () => {
      expect(warrantyOn(null, '2026-01-01')).toEqual({
        isUnderWarranty: false,
        warrantyStatus: 'no_contract',
        warrantyStartDate: null,
        warrantyEndDate: null,
        daysLeft: null,
      });
    });

    it('uses the stored start and end dates, the end day still covered', () => {
      const t = terms({ warrantyStartDate: '2025-01-08', warrantyEndDate: '2026-01-08' });
      expect(warrantyOn(t, '2025-12-26')).toEqual({
        isUnderWarranty: true,
        warrantyStatus: 'in_warranty',
        warrantyStartDate: '2025-01-08',
        warrantyEndDate: '2026-01-08',
        daysLeft: 13,
      });
      expect(warrantyOn(t, '2026-01-08')).toMatchObject({ isUnderWarranty: true, daysLeft: 0 });
      expect(warrantyOn(t, '2026-01-09')).toMatchObject({
        isUnderWarranty: false,
        warrantyStatus: 'expired',
        daysLeft: 0,
      });
    });

    it('computes the end from the start date and the period when no end is stored', () => {
      expect(warrantyOn(terms({ warrantyStartDate: '2025-03-01', warrantyPeriod: '1年' }), '2025-06-01')).toEqual({
        isUnderWarranty: true,
        warrantyStatus: 'in_warranty',
        warrantyStartDate: '2025-03-01',
        warrantyEndDate: '2026-03-01',
        daysLeft: 273,
      });
    });

    it('starts a signing-start warranty on the signing date', () => {
      const t = terms({ warrantyStartType: 'signing', signedDate: '2024-06-30', warrantyPeriod: '6个月' });
      expect(warrantyOn(t, '2025-01-01')).toMatchObject({
        isUnderWarranty: false,
        warrantyStatus: 'expired',
        warrantyEndDate: '2024-12-30',
      });
    });

    it('counts a warranty whose start is still ahead (goods not delivered) as under warranty', () => {
      expect(warrantyOn(terms(), '2025-01-01')).toEqual({
        isUnderWarranty: true,
        warrantyStatus: 'not_started',
        warrantyStartDate: null,
        warrantyEndDate: null,
        daysLeft: null,
      });
      const dated = terms({ warrantyStartDate: '2025-02-01', warrantyEndDate: '2026-02-01' });
      expect(warrantyOn(dated, '2025-01-15')).toMatchObject({
        isUnderWarranty: true,
        warrantyStatus: 'not_started',
        daysLeft: 382,
      });
    });

    it('is out of warranty when the contract has no readable terms', () => {
      expect(warrantyOn(terms({ warrantyPeriod: null }), '2025-01-01')).toMatchObject({
        isUnderWarranty: false,
        warrantyStatus: 'no_terms',
      });
      expect(warrantyOn(terms({ warrantyPeriod: '终身保修' }), '2025-01-01')).toMatchObject({
        isUnderWarranty: false,
        warrantyStatus: 'no_terms',
      });
    });

    it('trusts a stored end date even when the period text is unreadable', () => {
      const t = terms({ warrantyPeriod: '按厂家标准', warrantyEndDate: '2025-12-31' });
      expect(warrantyOn(t, '2025-12-01')).toMatchObject({ isUnderWarranty: true, daysLeft: 30 });
    });
  });
});
