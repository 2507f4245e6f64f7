import type { ErpOrderSearchResult, ErpOrderStatus, ProgressStatus, ProgressType } from '@app/shared';
import { request } from './request';

/** 003 order status (`GET /api/orders/:order_id/status`, the local adapter's fields). */
export interface CustomerOrderStatus {
  order_id: string;
  order_no: string;
  customer_name: string;
  order_date: string | null;
  status: ErpOrderStatus;
  materials_total: number;
  materials_by_status: Partial<Record<ErpOrderStatus, number>>;
  shipped_at: string | null;
  delivered_at: string | null;
  completed_at: string | null;
  updated_at: string | null;
  /** Carrier and tracking number once shipped (local adapter; an external ERP may not send it). */
  logistics?: {
    company_code: string;
    company_name: string | null;
    tracking_no: string;
    shipped_at: string | null;
    delivered_at: string | null;
  } | null;
  /** The customer's view of the order's events, newest first. */
  timeline?: { type: string; title: string; note: string | null; time: string | null }[];
}

/** One material (an order line) as 003 names it. */
export interface CustomerMaterial {
  material_id: string;
  material_code: string;
  material_name: string;
  quantity: number | null;
  unit: string | null;
  status: ErpOrderStatus;
  factory_id: string | null;
  factory_name: string | null;
}

export interface CustomerOrderMaterials {
  order_id: string;
  order_no: string;
  status: ErpOrderStatus;
  materials: CustomerMaterial[];
}

/** One progress post of the factory making a material. */
export interface MaterialProgressPost {
  id: string;
  type: ProgressType | string;
  status: ProgressStatus | string;
  description: string | null;
  start_time: string | null;
  completed_time: string | null;
  planned_time: string | null;
  images: string[];
  thumbnails: string[];
  created_at: string | null;
  updated_at: string | null;
}

export interface MaterialProgress extends CustomerMaterial {
  order_id: string;
  order_no: string;
  progress: MaterialProgressPost[];
}

export interface OrderSearch {
  keyword?: string;
  status?: ErpOrderStatus;
  page: number;
  pageSize: number;
}

/** The company's orders, searched by order number or material name/code (003). */
export const searchOrders = (q: OrderSearch) =>
  request<ErpOrderSearchResult>('/api/orders/search', {
    query: { keyword: q.keyword?.trim() || undefined, status: q.status, page: q.page, pageSize: q.pageSize },
  });

// ERP objects are passed through as they come; the fields read here are the local adapter's.
export const fetchOrderStatus = (orderId: string) =>
  request<CustomerOrderStatus>(`/api/orders/${encodeURIComponent(orderId)}/status`);

export const fetchOrderMaterials = (orderId: string) =>
  request<CustomerOrderMaterials>(`/api/orders/${encodeURIComponent(orderId)}/materials`);

export const fetchMaterialProgress = (materialId: string) =>
  request<MaterialProgress>(`/api/materials/${encodeURIComponent(materialId)}/progress`);
