import {
  FactoryCreateSchema,
  FactoryListQuerySchema,
  FactorySchema,
  FactoryUpdateSchema,
  IdParamSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { FactoriesService } from './factories.service';

export function factoryRoutes(factories: FactoriesService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/factories',
      tag: '工厂',
      summary: '创建工厂',
      permission: 'factories.create',
      body: FactoryCreateSchema,
      response: FactorySchema,
      successMessage: '创建成功',
      audit: { module: 'factories', action: 'create', targetType: 'factory' },
      handler: ({ principal, body }) => factories.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/factories',
      tag: '工厂',
      summary: '工厂列表（工厂用户只看到本厂）',
      permission: 'factories.read',
      query: FactoryListQuerySchema,
      response: pageSchema(FactorySchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => factories.list(principal, query),
    }),
    route({
      method: 'get',
      path: '/api/factories/:id',
      tag: '工厂',
      summary: '工厂详情',
      permission: 'factories.read',
      params: IdParamSchema,
      response: FactorySchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => factories.get(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/factories/:id',
      tag: '工厂',
      summary: '修改工厂',
      permission: 'factories.update',
      params: IdParamSchema,
      body: FactoryUpdateSchema,
      response: FactorySchema,
      successMessage: '修改成功',
      audit: { module: 'factories', action: 'update', targetType: 'factory' },
      handler: ({ principal, params, body }) => factories.update(principal, params.id, body),
    }),
  ];
}
