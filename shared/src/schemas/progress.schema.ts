import { z } from 'zod';
import { dateTime, fileUrl, text } from './order-fields';

/** 000: the stages of production a factory reports on. */
export const PROGRESS_TYPES = [
  'design',
  'material',
  'production',
  'quality',
  'packaging',
  'shipping',
  'custom',
] as const;
export type ProgressType = (typeof PROGRESS_TYPES)[number];

/** 000: a stage's state. `delayed` may also be shown (not stored) for a stage past its planned finish. */
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed', 'delayed', 'on_hold'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export const PROGRESS_TYPE_LABELS: Record<ProgressType, string> = {
  design: '设计',
  material: '备料',
  production: '生产',
  quality: '质检',
  packaging: '包装',
  shipping: '发货',
  custom: '其他',
};

export const PROGRESS_STATUS_LABELS: Record<ProgressStatus, string> = {
  not_started: '未开始',
  in_progress: '进行中',
  completed: '已完成',
  delayed: '已延期',
  on_hold: '暂停',
};

/** Photos per post: what `chooseMedia` picks at most in one go. */
export const PROGRESS_MAX_IMAGES = 9;

/** 000 sends ids as strings ("39"); integers are accepted too. */
const idLike = (label: string) =>
  z
    .union([z.number(), z.string().trim()])
    .transform((v) => (typeof v === 'number' ? String(v) : v))
    .pipe(z.string().regex(/^[1-9]\d{0,15}$/, `${label}须为正整数`))
    .transform(Number);

const optionalTime = dateTime.nullable().optional();

const progressFields = {
  status: z.enum(PROGRESS_STATUSES, { message: `状态须为 ${PROGRESS_STATUSES.join('/')} 之一` }),
  description: text(1000).optional(),
  start_time: optionalTime,
  completed_time: optionalTime,
  /** The stage's planned finish; a later post of the same stage keeps it unless it sends a new one. */
  planned_time: optionalTime,
  images: z.array(fileUrl).max(PROGRESS_MAX_IMAGES, `最多 ${PROGRESS_MAX_IMAGES} 张图片`).optional(),
};

/** 000 §1 (`POST /api/orders/:orderId/progress`). */
export const ProgressCreateSchema = z
  .object({
    order_id: idLike('订单ID'),
    factory_id: idLike('工厂ID'),
    type: z.enum(PROGRESS_TYPES, { message: `阶段类型须为 ${PROGRESS_TYPES.join('/')} 之一` }),
    ...progressFields,
  })
  .strict();
export type ProgressCreate = z.infer<typeof ProgressCreateSchema>;

/** Correcting one's own post: any field but the order, the factory and the stage. */
export const ProgressUpdateSchema = z
  .object({ ...progressFields, status: progressFields.status.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '请至少修改一个字段' });
export type ProgressUpdate = z.infer<typeof ProgressUpdateSchema>;

export const ProgressParamsSchema = z.object({
  orderId: z.coerce.number().int().positive(),
  id: z.coerce.number().int().positive(),
});
export const ProgressOrderParamsSchema = z.object({ orderId: z.coerce.number().int().positive() });

/** 000 §1-2, with who reported it, the plan and the thumbnails. */
export const ProgressSchema = z.object({
  id: z.number(),
  order_id: z.number(),
  factory_id: z.number(),
  factory_name: z.string().nullable(),
  type: z.enum(PROGRESS_TYPES),
  /** As reported; `delayed` when the stage is past its plan and not completed (the latest post of a stage only). */
  status: z.enum(PROGRESS_STATUSES),
  reported_status: z.enum(PROGRESS_STATUSES),
  is_delayed: z.boolean(),
  description: z.string().nullable(),
  start_time: z.string().nullable(),
  completed_time: z.string().nullable(),
  planned_time: z.string().nullable(),
  images: z.array(z.string()),
  thumbnails: z.array(z.string()),
  reported_by: z.object({ id: z.number(), name: z.string().nullable() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ProgressDto = z.infer<typeof ProgressSchema>;
