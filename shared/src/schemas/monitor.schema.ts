import { z } from 'zod';

export const ServiceHealthSchema = z.enum(['healthy', 'degraded', 'unhealthy']);
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

export const HealthSchema = z.object({
  status: ServiceHealthSchema,
  timestamp: z.number().int(),
  services: z.object({ database: ServiceHealthSchema, erp: ServiceHealthSchema, wechat: ServiceHealthSchema }),
});
export type Health = z.infer<typeof HealthSchema>;

const callStats = {
  totalCalls: z.number().int(),
  avgResponseTime: z.number(),
  maxResponseTime: z.number(),
  errorCalls: z.number().int(),
  errorRate: z.number().describe('百分比，保留两位小数'),
};

export const PerformanceSchema = z.object({
  hourlyStats: z.array(z.object({ hour: z.string().describe('YYYY-MM-DD HH:00:00 (UTC)'), ...callStats })),
  endpointStats: z.array(z.object({ endpoint: z.string(), ...callStats })),
});
export type Performance = z.infer<typeof PerformanceSchema>;
