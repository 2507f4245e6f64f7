import { ORDER_STATUSES, type OrderStatus } from '@app/shared';
import { AppError } from '@app/server/src/http/app-error';
import {
  ORDER_TRANSITIONS,
  assertTransition,
  canTransition,
  targetOf,
  type OrderAction,
} from '@app/server/src/modules/orders/order-status';

const actions = Object.keys(ORDER_TRANSITIONS) as OrderAction[];

describe('order status machine (ORDER_TRANSITIONS)', () => {
  it('allows exactly the listed starting states for every action, and answers ORDER_INVALID_STATUS otherwise', () => {
    for (const action of actions) {
      for (const status of ORDER_STATUSES) {
        const allowed = ORDER_TRANSITIONS[action].from.includes(status);
        expect(canTransition(action, status)).toBe(allowed);
        if (allowed) expect(() => assertTransition(action, status)).not.toThrow();
        else {
          let error: unknown;
          try {
            assertTransition(action, status);
          } catch (err) {
            error = err;
          }
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('ORDER_INVALID_STATUS');
          expect((error as AppError).status).toBe(400);
        }
      }
    }
  });

  it('leaves no way out of COMPLETED or CANCELLED', () => {
    for (const action of actions) {
      expect(canTransition(action, 'COMPLETED')).toBe(false);
      expect(canTransition(action, 'CANCELLED')).toBe(false);
    }
  });

  it('walks the happy path of 002 from confirmation to completion', () => {
    const path: [OrderAction, OrderStatus][] = [
      ['confirm_drawing', 'PENDING_PO'],
      ['split', 'PENDING_PRODUCTION'],
      ['all_received', 'PENDING_DELIVERY'],
      ['request_delivery', 'PENDING_SHIPMENT'],
      ['confirm_delivery', 'SHIPPED'],
      ['sign', 'DELIVERED'],
      ['complete', 'COMPLETED'],
    ];
    let status: OrderStatus = 'PENDING_CONFIRMATION';
    for (const [action, next] of path) {
      assertTransition(action, status);
      status = targetOf(action, null);
      expect(status).toBe(next);
    }
  });

  it('cancels PENDING_PO at once and everything else in flight only through an approved request', () => {
    expect(ORDER_TRANSITIONS.cancel.from).toEqual(['PENDING_PO']);
    expect(canTransition('request_cancel', 'PENDING_PO')).toBe(false);
    for (const s of [
      'PENDING_CONFIRMATION',
      'PENDING_PRODUCTION',
      'PENDING_DELIVERY',
      'PENDING_SHIPMENT',
      'HALTED',
    ] as const) {
      expect(canTransition('request_cancel', s)).toBe(true);
      expect(canTransition('approve_cancel', s)).toBe(true);
    }
    expect(canTransition('request_cancel', 'SHIPPED')).toBe(false);
  });

  it('resumes a halted order to the status it had, and refuses to guess when none was kept', () => {
    expect(targetOf('resume', 'PENDING_SHIPMENT')).toBe('PENDING_SHIPMENT');
    expect(() => targetOf('resume', null)).toThrow(AppError);
    expect(canTransition('halt', 'SHIPPED')).toBe(false);
    expect(canTransition('halt', 'HALTED')).toBe(false);
  });
});
