import { ORDER_STATUSES, type ErpOrderStatus, type OrderStatus } from '@app/shared';

/** DESIGN.md: 002's order status → 003's ERP vocabulary. */
const ORDER_TO_ERP: Record<OrderStatus, ErpOrderStatus> = {
  PENDING_CONFIRMATION: 'pending',
  PENDING_PO: 'pending',
  PENDING_PRODUCTION: 'producing',
  PENDING_DELIVERY: 'producing',
  PENDING_SHIPMENT: 'producing',
  HALTED: 'producing',
  SHIPPED: 'shipped',
  DELIVERED: 'shipped',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
};

export function erpOrderStatus(status: OrderStatus): ErpOrderStatus {
  return ORDER_TO_ERP[status] ?? 'pending';
}

/** The 002 statuses one ERP status stands for (the search filter). */
export function orderStatusesOf(status: ErpOrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((s) => ORDER_TO_ERP[s] === status);
}

/**
 * A line's (material's) status: a cancelled or completed order decides it; otherwise its delivery state: not yet
 * on a purchase order → pending, ordered from the factory → producing, received in stock → completed (made),
 * shipped or delivered → shipped.
 */
export function erpMaterialStatus(deliveryStatus: string, orderStatus: OrderStatus): ErpOrderStatus {
  if (orderStatus === 'CANCELLED') return 'cancelled';
  if (orderStatus === 'COMPLETED') return 'completed';
  switch (deliveryStatus) {
    case 'ORDERED':
      return 'producing';
    case 'IN_STOCK':
      return 'completed';
    case 'SHIPPED':
    case 'DELIVERED':
      return 'shipped';
    default:
      return 'pending';
  }
}
