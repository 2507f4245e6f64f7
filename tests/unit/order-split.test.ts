import { priceSplit } from '@app/server/src/modules/orders/order-split.service';
import { percentOf } from '@app/server/src/platform/money';

/** mulberry32: a small seeded generator, so every run checks the same cases and a failure reproduces. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CASES = 2000;

describe(priceSplit.name, () => {
  it('prices 002 §4.1: 600 + 800 with 20% shipping → 120 + 160 = 280', () => {
    const priced = priceSplit([60_000n, 80_000n], percentOf(140_000n, '20'));
    expect(priced.groups).toEqual([
      { subtotal: 60_000n, shippingFee: 12_000n, total: 72_000n },
      { subtotal: 80_000n, shippingFee: 16_000n, total: 96_000n },
    ]);
    expect([priced.totalAmount, priced.totalShippingFee, priced.grandTotal]).toEqual([140_000n, 28_000n, 168_000n]);
  });

  it('gives the leftover cent of awkward amounts to the largest remainder', () => {
    const priced = priceSplit([3_333n, 6_666n, 1n], 1_000n);
    expect(priced.groups.map((g) => g.shippingFee)).toEqual([333n, 667n, 0n]);
  });

  it(`always apportions the shipping exactly, each part within a cent of its share (${CASES} seeded cases)`, () => {
    const random = seeded(20260116);
    const int = (max: number) => BigInt(Math.floor(random() * (max + 1)));
    const failures: { n: number; subtotals: string[]; shipping: string }[] = [];
    for (let n = 0; n < CASES; n += 1) {
      const count = 1 + Number(int(9));
      // Amounts from a cent to a hundred million yuan, some zero, many with odd cents.
      const subtotals = Array.from({ length: count }, () =>
        random() < 0.1 ? 0n : int(random() < 0.5 ? 10_000 : 1e10),
      );
      const sum = subtotals.reduce((a, b) => a + b, 0n);
      const shipping = random() < 0.5 ? int(1_000_000) : percentOf(sum, '20');
      const priced = priceSplit(subtotals, shipping);
      const weights = sum === 0n ? subtotals.map(() => 1n) : subtotals;
      const base = sum === 0n ? BigInt(count) : sum;
      const exact =
        priced.groups.reduce((a, g) => a + g.shippingFee, 0n) === shipping &&
        priced.totalAmount === sum &&
        priced.grandTotal === sum + shipping &&
        priced.groups.reduce((a, g) => a + g.total, 0n) === priced.grandTotal &&
        priced.groups.every((g, i) => {
          const floor = (shipping * weights[i]) / base;
          return g.total === g.subtotal + g.shippingFee && g.shippingFee >= floor && g.shippingFee <= floor + 1n;
        });
      if (!exact) failures.push({ n, subtotals: subtotals.map(String), shipping: String(shipping) });
    }
    expect(failures).toEqual([]);
  });
});
