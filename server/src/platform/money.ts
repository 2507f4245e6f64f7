/**
 * Money as decimal strings with two places. Values come from the database as strings (MySQL DECIMAL)
 * or numbers (SQLite's NUMERIC affinity); they are formatted, never used in float arithmetic.
 */
export function formatMoney(value: string | number): string {
  if (typeof value === 'number') return value.toFixed(2);
  const [int, frac = ''] = value.trim().split('.');
  return `${BigInt(int || '0').toString()}.${(frac + '00').slice(0, 2)}`;
}

/** Money in integer cents (BigInt), for the arithmetic that later modules do exactly. */
export function toCents(value: string | number): bigint {
  const [int, frac] = formatMoney(value).split('.');
  return BigInt(int) * 100n + BigInt(frac);
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}
