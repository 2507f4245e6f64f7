import type { OrderStatus } from '@app/shared';
import { AppError } from '../../http/app-error';

/** Every way an order's status may change, and the only states each may start from. */
export type OrderAction =
  | 'confirm_drawing'
  | 'split'
  | 'all_received'
  | 'request_delivery'
  | 'confirm_delivery'
  | 'sign'
  | 'complete'
  | 'halt'
  | 'resume'
  | 'cancel'
  | 'request_cancel'
  | 'approve_cancel';

/** States in which the order is still being made ready: they may be halted or cancelled (with approval). */
const IN_FLIGHT: readonly OrderStatus[] = [
  'PENDING_CONFIRMATION',
  'PENDING_PO',
  'PENDING_PRODUCTION',
  'PENDING_DELIVERY',
  'PENDING_SHIPMENT',
];

/**
 * The order status machine, as one table (002 §2-9 plus the steps 002 leaves implicit). `to: 'previous'`
 * restores the status kept when the order was halted. A transition not in this table answers
 * ORDER_INVALID_STATUS; the repository re-checks `from` in the UPDATE itself, so a concurrent change loses.
 */
export const ORDER_TRANSITIONS: Readonly<
  Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus | 'previous' | null; label: string }>
> = {
  confirm_drawing: { from: ['PENDING_CONFIRMATION'], to: 'PENDING_PO', label: '确认深化图' },
  split: { from: ['PENDING_PO'], to: 'PENDING_PRODUCTION', label: '确认拆单' },
  all_received: { from: ['PENDING_PRODUCTION'], to: 'PENDING_DELIVERY', label: '全部入库' },
  request_delivery: { from: ['PENDING_DELIVERY'], to: 'PENDING_SHIPMENT', label: '申请发货' },
  confirm_delivery: { from: ['PENDING_SHIPMENT'], to: 'SHIPPED', label: '确认发货' },
  sign: { from: ['SHIPPED'], to: 'DELIVERED', label: '签收' },
  complete: { from: ['DELIVERED'], to: 'COMPLETED', label: '完成订单' },
  halt: { from: IN_FLIGHT, to: 'HALTED', label: '叫停' },
  resume: { from: ['HALTED'], to: 'previous', label: '恢复' },
  // 002 §8: PENDING_PO cancels at once; other in-flight (or halted) orders need an approved cancel request.
  cancel: { from: ['PENDING_PO'], to: 'CANCELLED', label: '撤单' },
  request_cancel: { from: [...IN_FLIGHT.filter((s) => s !== 'PENDING_PO'), 'HALTED'], to: null, label: '申请撤单' },
  approve_cancel: { from: [...IN_FLIGHT, 'HALTED'], to: 'CANCELLED', label: '撤单审批通过' },
};

export function canTransition(action: OrderAction, from: OrderStatus): boolean {
  return ORDER_TRANSITIONS[action].from.includes(from);
}

/** Throws ORDER_INVALID_STATUS unless `action` may start from `from`. */
export function assertTransition(action: OrderAction, from: OrderStatus): void {
  if (canTransition(action, from)) return;
  const { label, from: allowed } = ORDER_TRANSITIONS[action];
  throw new AppError('ORDER_INVALID_STATUS', `订单状态为 ${from}，不能${label}（须为 ${allowed.join('/')}）`, {
    status: from,
    allowed,
  });
}

/** The status an action leads to from `from` (the kept previous status for `resume`). */
export function targetOf(action: OrderAction, previous: OrderStatus | null): OrderStatus {
  const to = ORDER_TRANSITIONS[action].to;
  if (to === 'previous') {
    if (!previous) throw new AppError('ORDER_INVALID_STATUS', '订单没有可恢复的状态');
    return previous;
  }
  if (to === null) throw new Error(`action ${action} does not change the status`);
  return to;
}
