import { OperationLogQuerySchema, OperationLogSchema, pageSchema } from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { OperationLogService } from './operation-logs.service';

export function operationLogRoutes(logs: OperationLogService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/logs',
      tag: '用户权限',
      summary: '操作日志查询 (004 §4.8)',
      permission: 'logs.read',
      query: OperationLogQuerySchema,
      response: pageSchema(OperationLogSchema),
      successMessage: '查询成功',
      handler: ({ query }) => logs.list(query),
    }),
  ];
}
