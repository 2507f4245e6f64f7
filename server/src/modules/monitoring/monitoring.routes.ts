import { HealthSchema, PerformanceSchema } from '@app/shared';
import { AppError } from '../../http/app-error';
import { publicRoute, route, type RouteSpec } from '../../http/route';
import type { MonitoringService } from './monitoring.service';

export function monitoringRoutes(monitoring: MonitoringService): RouteSpec[] {
  return [
    publicRoute({
      method: 'get',
      path: '/api/health/check',
      tag: '系统监控',
      summary: '健康检查 (003)：数据库不可用时 503',
      response: HealthSchema,
      successMessage: '系统健康',
      handler: async ({ ctx }) => {
        const health = await monitoring.health();
        if (health.services.database === 'unhealthy') {
          ctx.state.failureData = health;
          throw new AppError('SERVICE_UNAVAILABLE', '数据库不可用');
        }
        if (health.status !== 'healthy') ctx.state.successMessage = '部分服务异常';
        return health;
      },
    }),
    route({
      method: 'get',
      path: '/api/metrics/performance',
      tag: '系统监控',
      summary: '接口性能指标 (003)：最近 24 小时按小时、按端点聚合',
      permission: 'monitor.read',
      response: PerformanceSchema,
      successMessage: '查询成功',
      handler: () => monitoring.performance(),
    }),
  ];
}
