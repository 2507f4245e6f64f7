import { MoneySchema } from '@app/shared';
import { formatMoney, fromCents, toCents } from '@app/server/src/platform/money';

describe('money', () => {
  it('normalises input to a two-place decimal string without float arithmetic', () => {
    expect(MoneySchema.parse(1500)).toBe('1500.00');
    expect(MoneySchema.parse(1500.5)).toBe('1500.50');
    expect(MoneySchema.parse('0800.1')).toBe('800.10');
    expect(MoneySchema.parse('9999999999.99')).toBe('9999999999.99');
  });

  it('refuses negatives, three decimals, exponents and text', () => {
    for (const bad of [-1, '-1', '1.234', '1e3', 'abc', '', 12345678901])
      expect(MoneySchema.safeParse(bad).success).toBe(false);
  });

  it('formats what either driver returns: MySQL strings, SQLite numbers', () => {
    expect(formatMoney('1500.5')).toBe('1500.50');
    expect(formatMoney('1500')).toBe('1500.00');
    expect(formatMoney(1500.5)).toBe('1500.50');
    expect(formatMoney(0.1)).toBe('0.10');
  });

  it('converts to and from integer cents exactly', () => {
    expect(toCents('0.10') + toCents('0.20')).toBe(30n);
    expect(fromCents(toCents('0.10') + toCents('0.20'))).toBe('0.30');
    expect(fromCents(toCents('9999999999.99') * 3n)).toBe('29999999999.97');
    expect(fromCents(-5n)).toBe('-0.05');
  });
});
