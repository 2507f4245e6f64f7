import { AppError } from '@app/server/src/http/app-error';
import {
  canStart,
  checkDeliveryDate,
  checkShipDates,
  chinaToday,
  lineQuantities,
  planShipment,
  remainingOf,
  shippedAmountOf,
  type ContractLine,
  type ShipmentAction,
} from '@app/server/src/modules/shipments/shipment-rules';
import { SHIPMENT_STATUSES } from '@app/shared';

const line = (over: Partial<ContractLine> = {}): ContractLine => ({
  id: 1,
  productId: 101,
  productCode: 'RCS-001',
  productName: '智能客控主机标准版',
  unit: '台',
  quantity: 100,
  unitPrice: '1400.00',
  shippedQuantity: 0,
  ...over,
});

/** The AppError a call throws, for its code and details. */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('shipment quantity rules', () => {
  it('plans lines within what is left, with exact subtotals and amount', () => {
    const plan = planShipment(
      [line(), line({ id: 2, productId: 102, quantity: 7, unitPrice: '33.33', shippedQuantity: 2 })],
      [
        { contractItemId: 1, productId: 101, thisShipmentQuantity: 100 },
        { contractItemId: 2, thisShipmentQuantity: 5 },
      ],
    );
    expect(plan.lines.map((p) => [p.line.id, p.quantity, p.subtotal, p.index])).toEqual([
      [1, 100, '140000.00', 0],
      [2, 5, '166.65', 1],
    ]);
    expect(plan.amount).toBe('140166.65');
  });

  it('never lets a line exceed the contract quantity', () => {
    const err = thrown(() =>
      planShipment([line({ quantity: 10, shippedQuantity: 7 })], [{ contractItemId: 1, thisShipmentQuantity: 4 }]),
    );
    expect(err.code).toBe('SHIPMENT_QUANTITY_EXCEEDED');
    expect(err.details).toEqual([{ field: 'items.0.thisShipmentQuantity', message: '超过剩余可发数量 3' }]);
    const full = thrown(() =>
      planShipment([line({ quantity: 10, shippedQuantity: 10 })], [{ contractItemId: 1, thisShipmentQuantity: 1 }]),
    );
    expect(full.details).toEqual([{ field: 'items.0.thisShipmentQuantity', message: '该产品已全部安排发货' }]);
    // Exactly what is left fits.
    expect(
      planShipment([line({ quantity: 10, shippedQuantity: 7 })], [{ contractItemId: 1, thisShipmentQuantity: 3 }])
        .amount,
    ).toBe('4200.00');
  });

  it('refuses lines of another contract and a product that is not the line’s', () => {
    expect(thrown(() => planShipment([line()], [{ contractItemId: 9, thisShipmentQuantity: 1 }])).details).toEqual([
      { field: 'items.0.contractItemId', message: '不是该合同的产品明细' },
    ]);
    const wrong = thrown(() => planShipment([line()], [{ contractItemId: 1, productId: 7, thisShipmentQuantity: 1 }]));
    expect(wrong.code).toBe('SHIPMENT_ITEM_INVALID');
    expect(wrong.details).toEqual([expect.objectContaining({ field: 'items.0.productId' })]);
  });

  it('remaining is never negative', () => {
    expect(remainingOf({ quantity: 5, shippedQuantity: 2 })).toBe(3);
    expect(remainingOf({ quantity: 5, shippedQuantity: 9 })).toBe(0);
  });

  it('already / this / remaining come from the line after this shipment took its units', () => {
    expect(lineQuantities(100, 60, 60)).toEqual({
      alreadyShippedQuantity: 0,
      thisShipmentQuantity: 60,
      remainingQuantity: 40,
    });
    expect(lineQuantities(100, 100, 40)).toEqual({
      alreadyShippedQuantity: 60,
      thisShipmentQuantity: 40,
      remainingQuantity: 0,
    });
  });

  it('the shipped amount is Σ shipped quantity × unit price, exact to the cent', () => {
    expect(shippedAmountOf([])).toBe('0.00');
    expect(
      shippedAmountOf([
        { unitPrice: '0.10', shippedQuantity: 3 },
        { unitPrice: '0.20', shippedQuantity: 1 },
        { unitPrice: '33.33', shippedQuantity: 3 },
      ]),
    ).toBe('100.49');
    // A float sum would drift here; cents do not.
    const many = Array.from({ length: 1000 }, () => ({ unitPrice: '0.07', shippedQuantity: 1 }));
    expect(shippedAmountOf(many)).toBe('70.00');
    expect(shippedAmountOf([{ unitPrice: '9999999999.99', shippedQuantity: 1_000_000 }])).toBe('9999999999990000.00');
  });
});

describe('shipment states', () => {
  it('lists, per action, the states it may start from', () => {
    const allowed = (action: ShipmentAction) => SHIPMENT_STATUSES.filter((s) => canStart(action, s));
    expect(allowed('update')).toEqual(['draft']);
    expect(allowed('confirm')).toEqual(['draft', 'pending']);
    expect(allowed('logistics')).toEqual(['shipped', 'in_transit']);
    expect(allowed('sign')).toEqual(['shipped', 'in_transit']);
    expect(allowed('cancel')).toEqual(['draft', 'pending']);
  });
});

describe('shipment dates', () => {
  it('today is the China business day', () => {
    expect(chinaToday(new Date('2026-11-20T15:59:59Z'))).toBe('2026-11-20');
    expect(chinaToday(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-21');
  });

  it('ship date not in the future; expected delivery not before it', () => {
    expect(() =>
      checkShipDates('2026-11-20', { actualShipDate: '2026-11-20', estimatedDeliveryDate: '2026-11-20' }),
    ).not.toThrow();
    expect(thrown(() => checkShipDates('2026-11-20', { actualShipDate: '2026-11-21' })).details).toEqual([
      { field: 'actualShipDate', message: '发货日期不能晚于今天' },
    ]);
    expect(
      thrown(() => checkShipDates('2026-11-20', { actualShipDate: '2026-11-19', estimatedDeliveryDate: '2026-11-18' }))
        .code,
    ).toBe('SHIPMENT_DATE_INVALID');
  });

  it('delivery date between the ship date and today', () => {
    expect(() => checkDeliveryDate('2026-11-20', '2026-11-19', '2026-11-19')).not.toThrow();
    expect(() => checkDeliveryDate('2026-11-20', null, '2026-11-01')).not.toThrow();
    expect(thrown(() => checkDeliveryDate('2026-11-20', '2026-11-19', '2026-11-18')).details).toEqual([
      { field: 'actualDeliveryDate', message: '签收日期不能早于发货日期 2026-11-19' },
    ]);
    expect(thrown(() => checkDeliveryDate('2026-11-20', '2026-11-19', '2026-11-21')).code).toBe(
      'SHIPMENT_DATE_INVALID',
    );
  });
});
