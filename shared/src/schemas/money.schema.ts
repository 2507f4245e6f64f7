import { z } from 'zod';

/**
 * Money in, as 004 writes it (a number like 1500.00, or a string): at most 2 decimals, never negative,
 * normalised to a decimal string ("1500.00") so no float ever does arithmetic on it.
 */
export const MoneySchema = z
  .union([z.number(), z.string().trim()])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .pipe(z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, '金额须为非负数，最多两位小数'))
  .transform((v) => {
    const [int, frac = ''] = v.split('.');
    return `${BigInt(int).toString()}.${frac.padEnd(2, '0')}`;
  });

/** Money out: a decimal string with two places. */
export const MoneyOutSchema = z.string().regex(/^\d+\.\d{2}$/);
