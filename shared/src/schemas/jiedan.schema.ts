import { z } from 'zod';
import { PaginationSchema } from '../envelope';
import { OrderStatusSchema, PURCHASE_ORDER_STATUSES } from './orders.schema';

/* 001 接单 (bids of factories on orders). Field names stay snake_case, as 001 spells them. */

export const JIEDAN_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const JiedanStatusSchema = z.enum(JIEDAN_STATUSES);
export type JiedanStatus = z.infer<typeof JiedanStatusSchema>;

/** The largest DECIMAL(10,2). */
const PRICE_MAX = '99999999.99';

/**
 * A bid price: a JSON number (001 writes 1500.50) or a decimal string, greater than 0, at most two decimals and at
 * most 99,999,999.99 (DECIMAL(10,2)). Normalised to a decimal string ("1500.50"): no float does arithmetic on it.
 */
export const JiedanPriceSchema = z
  .union([z.number(), z.string().trim()], { error: '价格须为数字' })
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .pipe(z.string().regex(/^\d{1,8}(\.\d{1,2})?$/, `价格须为正数，最多两位小数，且不超过 ${PRICE_MAX}`))
  .refine((v) => /[1-9]/.test(v), { message: '价格须大于 0' })
  .transform((v) => {
    const [int, frac = ''] = v.split('.');
    return `${BigInt(int).toString()}.${frac.padEnd(2, '0')}`;
  });

/** An id given as a JSON number or a numeric string (001 shows `factory_id` as a string). */
const numericId = (label: string) =>
  z
    .union([z.number(), z.string().trim()], { error: `${label}须为正整数` })
    .transform((v) => (typeof v === 'number' ? v : /^\d{1,15}$/.test(v) ? Number(v) : Number.NaN))
    .pipe(
      z
        .number({ error: `${label}须为正整数` })
        .int(`${label}须为正整数`)
        .positive(`${label}须为正整数`),
    );

export const JiedanCreateSchema = z.object({
  order_id: numericId('订单ID'),
  factory_id: numericId('工厂ID').optional().describe('须为登录工厂自己的ID；不传则取登录工厂'),
  price: JiedanPriceSchema,
});
export type JiedanCreate = z.infer<typeof JiedanCreateSchema>;

/** 001 §5. `agree_user_id` is accepted for compatibility; the signed-in user is recorded. */
export const JiedanAcceptSchema = z.object({
  agree_user_id: z
    .union([z.string().trim().max(191), z.number().int()])
    .optional()
    .describe('兼容 001：服务端记录当前登录用户'),
});
export type JiedanAccept = z.infer<typeof JiedanAcceptSchema>;

export const JiedanRejectSchema = z.object({
  reason: z.string().trim().max(500, '拒绝原因最多 500 字').optional(),
});
export type JiedanReject = z.infer<typeof JiedanRejectSchema>;

/**
 * 001 §7. A factory changes the `price` of its own pending bid; staff with `jiedan.approve` set `status`
 * (accepted/rejected, by the same rules as §5/§6). One of the two per request.
 */
export const JiedanUpdateSchema = z
  .object({
    price: JiedanPriceSchema.optional(),
    status: z.enum(['accepted', 'rejected'], { error: '状态只能改为 accepted 或 rejected' }).optional(),
    agree_user_id: JiedanAcceptSchema.shape.agree_user_id,
    reason: JiedanRejectSchema.shape.reason,
  })
  .refine((v) => (v.price === undefined) !== (v.status === undefined), {
    message: '须且只能修改 price 或 status 其中之一',
    path: ['status'],
  });
export type JiedanUpdate = z.infer<typeof JiedanUpdateSchema>;

export const JiedanSchema = z.object({
  id: z.number().int(),
  order_id: z.number().int(),
  factory_id: z.string().describe('工厂ID（001 的类型为字符串）'),
  status: JiedanStatusSchema,
  price: z.number().describe('接单价格（元，两位小数）'),
  jiedan_time: z.string(),
  agree_time: z.string().nullable(),
  agree_user_id: z.string().nullable(),
  reject_reason: z.string().nullable(),
  reject_time: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Jiedan = z.infer<typeof JiedanSchema>;

export const JiedanFactorySchema = z.object({ user_id: z.string(), company_name: z.string().nullable() });
export const JiedanOrderRefSchema = z.object({ id: z.number().int(), title: z.string() });

export const JiedanDetailSchema = JiedanSchema.extend({
  order: JiedanOrderRefSchema.extend({ description: z.string() }),
  factory: JiedanFactorySchema,
});
export type JiedanDetail = z.infer<typeof JiedanDetailSchema>;

export const JiedanListItemSchema = JiedanSchema.extend({ order: JiedanOrderRefSchema, factory: JiedanFactorySchema });
export type JiedanListItem = z.infer<typeof JiedanListItemSchema>;

/** 001 §4 paging: page/pageSize in, `{total, page, page_size, jiedans}` out. */
export const JiedanPageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
  status: JiedanStatusSchema.optional(),
});
export type JiedanPageQuery = z.infer<typeof JiedanPageQuerySchema>;

export const JiedanPageSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  jiedans: z.array(JiedanListItemSchema),
});
export type JiedanPage = z.infer<typeof JiedanPageSchema>;

export const JiedanStatisticsSchema = z.object({
  pending: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
});
export type JiedanStatistics = z.infer<typeof JiedanStatisticsSchema>;

export const JiedanDeletedSchema = z.object({ message: z.string() });

export const OrderIdParamSchema = z.object({ orderId: z.coerce.number().int().positive() });
export const FactoryIdParamSchema = z.object({ factoryId: z.coerce.number().int().positive() });

// ---- GET /api/factory/orders: what a factory user sees of orders ----

export const FactoryOrdersQuerySchema = z.object({
  view: z.enum(['open', 'mine']).default('open').describe('open：可接单的订单；mine：本厂已中标或有采购单的订单'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
});
export type FactoryOrdersQuery = z.infer<typeof FactoryOrdersQuerySchema>;

export const FactoryOrderLineSchema = z.object({
  id: z.number().int(),
  product_code: z.string().nullable(),
  product_name: z.string(),
  category: z.string().nullable(),
  room_name: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  quantity: z.number(),
  unit: z.string().nullable(),
});

export const FactoryOrderSchema = z.object({
  order_id: z.number().int(),
  order_no: z.string(),
  status: OrderStatusSchema,
  created_at: z.string(),
  scheduled_date: z.string().nullable(),
  delivery_city: z.string().nullable().describe('仅城市，不含客户姓名、电话与详细地址'),
  lines: z.array(FactoryOrderLineSchema).describe('不含客户价格'),
  bid_count: z.number().int().describe('有效接单数'),
  my_bid: JiedanSchema.nullable(),
  purchase_orders: z.array(
    z.object({ id: z.number().int(), po_no: z.string(), status: z.enum(PURCHASE_ORDER_STATUSES) }),
  ),
});
export type FactoryOrder = z.infer<typeof FactoryOrderSchema>;

export const FactoryOrderPageSchema = z.object({ list: z.array(FactoryOrderSchema), pagination: PaginationSchema });
export type FactoryOrderPage = z.infer<typeof FactoryOrderPageSchema>;
