import { z } from 'zod';

/** 003's ERP order status vocabulary (DESIGN.md maps 002's statuses onto it). */
export const ERP_ORDER_STATUSES = ['pending', 'producing', 'shipped', 'completed', 'cancelled'] as const;
export const ErpOrderStatusSchema = z.enum(ERP_ORDER_STATUSES, {
  message: `status 须为 ${ERP_ORDER_STATUSES.join('/')} 之一`,
});
export type ErpOrderStatus = z.infer<typeof ErpOrderStatusSchema>;

/** 003 GET /api/orders/search query. */
export const ErpOrderSearchQuerySchema = z.object({
  keyword: z.string().trim().max(64, 'keyword 最多 64 个字符').optional().describe('订单号、产品名称或产品编码'),
  status: ErpOrderStatusSchema.optional(),
  page: z.coerce.number().int().min(1, 'page 须为不小于 1 的整数').max(10000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1, 'pageSize 须为 1-100 的整数')
    .max(100, 'pageSize 须为 1-100 的整数')
    .default(20),
});
export type ErpOrderSearchQuery = z.infer<typeof ErpOrderSearchQuerySchema>;

/** An ERP id in a path: this system's numeric ids, or an external ERP's own id strings. */
const erpId = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} 不能为空`)
    .max(64, `${field} 最多 64 个字符`)
    .regex(/^[A-Za-z0-9_-]+$/, `${field} 只能包含字母、数字、下划线和连字符`);

export const ErpOrderIdParamSchema = z.object({ order_id: erpId('order_id') });
export const ErpMaterialIdParamSchema = z.object({ material_id: erpId('material_id') });

export const ErpMaterialSummarySchema = z.object({
  material_id: z.string(),
  material_code: z.string(),
  status: z.string(),
});

export const ErpOrderSummarySchema = z.object({
  order_id: z.string(),
  order_no: z.string(),
  customer_name: z.string(),
  order_date: z.string(),
  status: z.string(),
  materials: z.array(ErpMaterialSummarySchema),
});
export type ErpOrderSummary = z.infer<typeof ErpOrderSummarySchema>;

export const ErpOrderSearchResultSchema = z.object({
  orders: z.array(ErpOrderSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  queryTime: z.number().int().describe('查询时间（毫秒时间戳）；缓存命中时为缓存写入时间'),
  cacheHit: z.boolean(),
  stale: z.boolean().optional().describe('ERP 不可用时返回的过期缓存'),
});
export type ErpOrderSearchResult = z.infer<typeof ErpOrderSearchResultSchema>;

/** Status, materials and progress are the ERP's own objects, passed through as they come (003 "原样透传"). */
export const ErpPassThroughSchema = z
  .record(z.string(), z.unknown())
  .describe('ERP 对象原样透传；本地适配器的字段见接口说明。响应头 X-Cache: HIT/MISS/STALE');

export const ErpEndpointStatsSchema = z.object({
  endpoint: z.string(),
  totalCalls: z.number().int(),
  avgResponseTime: z.number(),
  errorRate: z.number(),
  successRate: z.number(),
});

export const ErpStatusSchema = z.object({
  mode: z.enum(['local', 'http']),
  circuit: z.enum(['closed', 'open', 'half_open']),
  stats: z.array(ErpEndpointStatsSchema),
  checkTime: z.number().int(),
});
export type ErpStatus = z.infer<typeof ErpStatusSchema>;
