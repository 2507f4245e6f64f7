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

/** A decimal with at most two places ("2.5", "2.50", 3) in hundredths, as BigInt. */
export function toHundredths(value: string | number): bigint {
  return toCents(value);
}

/** price × quantity, both with two decimals, rounded half up to the cent. Exact: no float is involved. */
export function multiplyMoney(price: string | number, quantity: string | number): string {
  const product = toCents(price) * toHundredths(quantity);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  return fromCents(sign * ((abs + 50n) / 100n));
}

/** `amount × percent / 100`, rounded half up to the cent (percent with up to two decimals, e.g. "20" or "12.5"). */
export function percentOf(amountCents: bigint, percent: string): bigint {
  const basis = toHundredths(percent);
  return (amountCents * basis + 5_000n) / 10_000n;
}

/**
 * Splits `total` cents over parts in proportion to `weights`, so the parts add up to `total` exactly
 * (largest remainder: the parts with the largest fractional share get the leftover cents, earlier parts first
 * on ties). All-zero weights share equally.
 */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0n);
  const w = sum === 0n ? weights.map(() => 1n) : weights;
  const base = sum === 0n ? BigInt(weights.length) : sum;
  const parts = w.map((x) => (total * x) / base);
  const remainders = w.map((x, i) => ({ i, r: (total * x) % base }));
  let left = total - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k = (k + 1) % remainders.length, left -= 1n) parts[remainders[k].i] += 1n;
  return parts;
}
