import { ChangeRequestCreateSchema, type ChangeRequestCreate } from '@app/shared';
import { AppError } from '@app/server/src/http/app-error';
import {
  assertChangeShape,
  priceDifference,
  priceNewItems,
  signedCents,
  unitPriceOf,
} from '@app/server/src/modules/orders/order-change-lines';

const body = (input: Record<string, unknown>): ChangeRequestCreate =>
  ChangeRequestCreateSchema.parse({ changeReason: '客户要求', originalItems: [], newItems: [], ...input });

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
}

describe('change request lines (002 §7.1)', () => {
  describe(priceDifference.name, () => {
    it('is Σ new − Σ original, exact to the cent', () => {
      expect(priceDifference([{ subtotal: '300.00' }], [{ subtotal: '320.00' }])).toBe('20.00');
      expect(priceDifference([], [{ subtotal: '0.10' }, { subtotal: '0.20' }])).toBe('0.30');
      expect(priceDifference([{ subtotal: '99.99' }], [{ subtotal: '33.33' }, { subtotal: '66.66' }])).toBe('0.00');
    });

    it('may be negative, also below one yuan', () => {
      expect(priceDifference([{ subtotal: '3000.00' }], [{ subtotal: '2984.50' }])).toBe('-15.50');
      expect(priceDifference([{ subtotal: '1.00' }], [{ subtotal: '0.50' }])).toBe('-0.50');
      expect(priceDifference([{ subtotal: '99.99' }], [])).toBe('-99.99');
    });

    it('adds many awkward decimals without drift', () => {
      const news = Array.from({ length: 1000 }, () => ({ subtotal: '0.10' }));
      expect(priceDifference([], news)).toBe('100.00');
    });
  });

  describe(signedCents.name, () => {
    it.each([
      ['-15.50', -1550n],
      ['-0.5', -50n],
      [-0.5, -50n],
      ['20.00', 2000n],
      [99.99, 9999n],
    ])('%s → %s cents', (value, cents) => expect(signedCents(value)).toBe(cents));
  });

  describe(unitPriceOf.name, () => {
    it.each([
      ['100.00', '3.00', '33.33'],
      ['200.00', '3.00', '66.67'],
      ['83.33', '2.50', '33.33'],
      ['0.01', '3.00', '0.00'],
      ['320.00', '1.00', '320.00'],
    ])('%s ÷ %s → %s (half up)', (subtotal, quantity, unit) => expect(unitPriceOf(subtotal, quantity)).toBe(unit));
  });

  describe(priceNewItems.name, () => {
    it('computes subtotal = unitPrice × quantity, rounded half up to the cent', () => {
      const lines = priceNewItems(
        body({
          changeType: 'ADD_ITEM',
          newItems: [
            { productName: 'a', quantity: 3, unitPrice: '33.33' },
            { productName: 'b', quantity: '2.5', unitPrice: '33.33' },
            { productName: 'c', quantity: 3, unitPrice: 0.1, width: 2800, height: '2500.5' },
          ],
        }).newItems,
      );
      expect(lines.map((l) => [l.quantity, l.unitPrice, l.subtotal])).toEqual([
        ['3.00', '33.33', '99.99'],
        ['2.50', '33.33', '83.33'],
        ['3.00', '0.10', '0.30'],
      ]);
      expect(lines[2]).toMatchObject({ width: '2800.00', height: '2500.50', productId: null, roomName: null });
    });

    it('keeps a given subtotal binding and derives the unit price from it', () => {
      const [only, both] = priceNewItems(
        body({
          changeType: 'ADD_ITEM',
          newItems: [
            { productName: 'a', quantity: 3, subtotal: 100 },
            { productName: 'b', quantity: 2, unitPrice: 60, subtotal: 100 },
          ],
        }).newItems,
      );
      expect([only.unitPrice, only.subtotal]).toEqual(['33.33', '100.00']);
      expect([both.unitPrice, both.subtotal]).toEqual(['60.00', '100.00']);
    });

    it('names every missing field', () => {
      try {
        priceNewItems([{ quantity: '1' }, { productName: 'x', subtotal: '1.00' }]);
        throw new Error('expected a failure');
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        const e = err as AppError;
        expect(e.code).toBe('VALIDATION_ERROR');
        expect(e.details).toEqual([
          { field: 'newItems.0.productName', message: '请填写商品名称' },
          { field: 'newItems.0.subtotal', message: '请填写小计或单价' },
          { field: 'newItems.1.quantity', message: '请填写数量' },
        ]);
      }
    });

    it('refuses amounts beyond the columns', () => {
      const huge = [{ productName: 'x', quantity: '99999999', unitPrice: '9999999999.99' }];
      expect(codeOf(() => priceNewItems(huge))).toBe('VALIDATION_ERROR');
    });
  });

  describe(assertChangeShape.name, () => {
    const line = { productName: 'x', quantity: 1, subtotal: 1 };
    it.each([
      ['ADD_ITEM', [], [line], null],
      ['ADD_ITEM', [{ id: 1 }], [line], 'INVALID_CHANGE_TYPE'],
      ['ADD_ITEM', [], [], 'INVALID_CHANGE_TYPE'],
      ['REMOVE_ITEM', [{ id: 1 }], [], null],
      ['REMOVE_ITEM', [{ id: 1 }], [line], 'INVALID_CHANGE_TYPE'],
      ['REMOVE_ITEM', [{ productName: 'no id' }], [], 'INVALID_CHANGE_TYPE'],
      ['MODIFY_ITEM', [{ id: 1 }], [line], null],
      ['MODIFY_ITEM', [{ id: 1 }], [], 'INVALID_CHANGE_TYPE'],
      ['MODIFY_ITEM', [], [line], 'INVALID_CHANGE_TYPE'],
      ['MODIFY_ITEM', [{ id: 1 }, { id: 1 }], [line], 'INVALID_CHANGE_TYPE'],
    ])('%s with %j → %j answers %s', (changeType, originalItems, newItems, code) => {
      expect(codeOf(() => assertChangeShape(body({ changeType, originalItems, newItems })))).toBe(code);
    });
  });
});
