import { fromCents, toCents } from '../../platform/money';

/** One priced line: money in integer cents, the rate in hundredths of a percent. */
export interface PricedLine {
  standardPrice: bigint;
  actualPrice: bigint;
  quantity: number;
  /** Per unit: standardPrice − actualPrice (004 §6.3 shows 100.00 for 1500.00 → 1400.00). */
  discountAmount: bigint;
  /** discountAmount / standardPrice × 100, rounded half up to two places, × 100 (6.67 % → 667n). */
  discountRateBp: bigint;
  /** actualPrice × quantity. */
  subtotal: bigint;
}

export interface QuotationTotals {
  /** Σ standardPrice × quantity. */
  standardTotal: bigint;
  /** Σ subtotal. */
  totalAmount: bigint;
  /** Σ discountAmount × quantity (= standardTotal − totalAmount). */
  discountTotal: bigint;
}

/** a / b rounded half up (away from zero for negatives), for b > 0. */
export function divideHalfUp(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divisor must be positive');
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return negative ? -q : q;
}

/** The discount rate in basis points of a percent: 100 × 100 × discount / standard, half up. 0 for a zero price. */
export function discountRateBp(standardPrice: bigint, discountAmount: bigint): bigint {
  if (standardPrice === 0n) return 0n;
  return divideHalfUp(discountAmount * 10_000n, standardPrice);
}

export function priceLine(input: { standardPrice: string; actualPrice: string; quantity: number }): PricedLine {
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1)
    throw new RangeError('quantity must be a positive integer');
  const standardPrice = toCents(input.standardPrice);
  const actualPrice = toCents(input.actualPrice);
  const discountAmount = standardPrice - actualPrice;
  const quantity = BigInt(input.quantity);
  return {
    standardPrice,
    actualPrice,
    quantity: input.quantity,
    discountAmount,
    discountRateBp: discountRateBp(standardPrice, discountAmount),
    subtotal: actualPrice * quantity,
  };
}

export function totalsOf(
  lines: readonly Pick<PricedLine, 'standardPrice' | 'quantity' | 'subtotal'>[],
): QuotationTotals {
  let standardTotal = 0n;
  let totalAmount = 0n;
  for (const line of lines) {
    standardTotal += line.standardPrice * BigInt(line.quantity);
    totalAmount += line.subtotal;
  }
  return { standardTotal, totalAmount, discountTotal: standardTotal - totalAmount };
}

/** Basis points of a percent as the decimal string the DECIMAL(7,2) column stores ("6.67"). */
export const rateToDecimal = (bp: bigint): string => fromCents(bp);
