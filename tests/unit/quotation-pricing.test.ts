import {
  discountRateBp,
  divideHalfUp,
  priceLine,
  rateToDecimal,
  totalsOf,
} from '@app/server/src/modules/quotations/quotation-pricing';

describe('quotation pricing', () => {
  describe(divideHalfUp.name, () => {
    it.each([
      [1n, 2n, 1n],
      [1n, 3n, 0n],
      [2n, 3n, 1n],
      [5n, 2n, 3n],
      [7n, 2n, 4n],
      [-5n, 2n, -3n],
      [0n, 7n, 0n],
    ])('%s / %s rounds half up to %s', (a, b, q) => {
      expect(divideHalfUp(a, b)).toBe(q);
    });

    it('refuses a non-positive divisor', () => {
      expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
    });
  });

  describe(priceLine.name, () => {
    it('prices 004 §6.1: 100 × 1500.00 → 1400.00', () => {
      const line = priceLine({ standardPrice: '1500.00', actualPrice: '1400.00', quantity: 100 });
      expect(line).toEqual({
        standardPrice: 150000n,
        actualPrice: 140000n,
        quantity: 100,
        discountAmount: 10000n,
        discountRateBp: 667n,
        subtotal: 14000000n,
      });
      expect(rateToDecimal(line.discountRateBp)).toBe('6.67');
    });

    it('is exact where floats are not: 3 × 33.33 and 7 × 0.01', () => {
      expect(priceLine({ standardPrice: '33.33', actualPrice: '33.33', quantity: 3 }).subtotal).toBe(9999n);
      expect(priceLine({ standardPrice: '0.01', actualPrice: '0.01', quantity: 7 }).subtotal).toBe(7n);
      expect(priceLine({ standardPrice: '0.30', actualPrice: '0.10', quantity: 3 }).subtotal).toBe(30n);
    });

    it('rounds the discount rate half up to two places', () => {
      expect(discountRateBp(800n, 1n)).toBe(13n); // 0.125 % → 0.13
      expect(discountRateBp(300n, 1n)).toBe(33n); // 0.333… % → 0.33
      expect(discountRateBp(300n, 2n)).toBe(67n); // 0.666… % → 0.67
      expect(discountRateBp(3333n, 333n)).toBe(999n); // 9.990999 % → 9.99
      expect(discountRateBp(150000n, 150000n)).toBe(10000n); // free: 100 %
    });

    it('gives a zero rate for a zero standard price', () => {
      expect(priceLine({ standardPrice: '0.00', actualPrice: '0.00', quantity: 5 })).toMatchObject({
        discountAmount: 0n,
        discountRateBp: 0n,
        subtotal: 0n,
      });
    });

    it('reports a price above the standard as a negative discount (the service refuses it)', () => {
      const line = priceLine({ standardPrice: '10.00', actualPrice: '12.50', quantity: 2 });
      expect(line.discountAmount).toBe(-250n);
      expect(rateToDecimal(line.discountRateBp)).toBe('-25.00');
    });

    it('refuses a quantity that is not a positive integer', () => {
      for (const quantity of [0, -1, 1.5, Number.NaN]) {
        expect(() => priceLine({ standardPrice: '1.00', actualPrice: '1.00', quantity })).toThrow(RangeError);
      }
    });
  });

  describe(totalsOf.name, () => {
    it('sums subtotals and standard totals; the discount total is their difference', () => {
      const lines = [
        priceLine({ standardPrice: '1500.00', actualPrice: '1400.00', quantity: 100 }),
        priceLine({ standardPrice: '33.33', actualPrice: '30.00', quantity: 3 }),
        priceLine({ standardPrice: '0.01', actualPrice: '0.01', quantity: 7 }),
      ];
      expect(totalsOf(lines)).toEqual({
        standardTotal: 15000000n + 9999n + 7n,
        totalAmount: 14000000n + 9000n + 7n,
        discountTotal: 1000000n + 999n,
      });
      expect(totalsOf([])).toEqual({ standardTotal: 0n, totalAmount: 0n, discountTotal: 0n });
    });
  });
});
