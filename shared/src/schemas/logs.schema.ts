import { z } from 'zod';
import { PageQuerySchema } from '../envelope';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const OperationLogQuerySchema = PageQuerySchema.extend({
  userId: z.coerce.number().int().positive().optional(),
  moduleName: z.string().max(64).optional(),
  actionType: z.string().max(64).optional(),
  startDate: date.optional(),
  endDate: date.optional(),
});
export type OperationLogQuery = z.infer<typeof OperationLogQuerySchema>;

export const OperationLogSchema = z.object({
  logId: z.number().int(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  moduleName: z.string(),
  actionType: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});
export type OperationLog = z.infer<typeof OperationLogSchema>;
