import { MoneySchema } from '@app/shared';
import { apportion, formatMoney, fromCents, multiplyMoney, percentOf, toCents } from '@app/server/src/platform/money';

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

  it('multiplies price by a two-decimal quantity exactly, rounding half up to the cent', () => {
    expect(multiplyMoney('33.33', '3')).toBe('99.99');
    expect(multiplyMoney('300.00', '2.50')).toBe('750.00');
    expect(multiplyMoney('0.01', '0.50')).toBe('0.01');
    expect(multiplyMoney('0.01', '0.49')).toBe('0.00');
    expect(multiplyMoney('9999999999.99', '100')).toBe('999999999999.00');
  });

  it('takes a percentage of cents, rounding half up', () => {
    expect(percentOf(140_000n, '20')).toBe(28_000n);
    expect(percentOf(1n, '50')).toBe(1n);
    expect(percentOf(333n, '12.5')).toBe(42n);
  });

  it('apportions a total over weights so the parts add up exactly (002 §4.1: 600 and 800 carry 120 and 160)', () => {
    expect(apportion(28_000n, [60_000n, 80_000n])).toEqual([12_000n, 16_000n]);
    expect(apportion(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(apportion(5n, [0n, 0n])).toEqual([3n, 2n]);
    expect(apportion(0n, [3n, 4n])).toEqual([0n, 0n]);
    expect(apportion(7n, [])).toEqual([]);
  });
});
