import { z } from 'zod';
import { Flag01QuerySchema, Flag01Schema, PageQuerySchema } from '../envelope';

export const FactorySchema = z.object({
  factoryId: z.number().int(),
  factoryCode: z.string(),
  name: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  isActive: Flag01Schema,
  /** Present only for callers allowed to issue invite codes. */
  inviteCode: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Factory = z.infer<typeof FactorySchema>;

export const FactoryCreateSchema = z.object({
  factoryCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,32}$/, '工厂编号为 2-32 位字母、数字、_ -')
    .optional(),
  name: z.string().trim().min(1, '请输入工厂名称').max(128),
  contactName: z.string().trim().max(32).optional(),
  contactPhone: z.string().trim().max(32).optional(),
  address: z.string().trim().max(255).optional(),
  isActive: Flag01Schema.default(1),
});
export type FactoryCreate = z.infer<typeof FactoryCreateSchema>;

export const FactoryUpdateSchema = FactoryCreateSchema.omit({ factoryCode: true })
  .partial()
  .extend({ isActive: Flag01Schema.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type FactoryUpdate = z.infer<typeof FactoryUpdateSchema>;

export const FactoryListQuerySchema = PageQuerySchema.extend({
  isActive: Flag01QuerySchema.optional(),
  keyword: z.string().trim().max(64).optional(),
});
export type FactoryListQuery = z.infer<typeof FactoryListQuerySchema>;

export const InviteCodeSchema = z.object({
  inviteCode: z.string(),
  targetType: z.enum(['customer', 'factory']),
  targetId: z.number().int(),
  createdAt: z.string(),
});
export type InviteCode = z.infer<typeof InviteCodeSchema>;
