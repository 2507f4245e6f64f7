import { FactoryOrderPageSchema, FactoryOrdersQuerySchema } from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { FactoryOrdersService } from './factory-orders.service';
import { JIEDAN_TAG } from './jiedan.routes';

/** Where a factory finds orders to bid on, and the orders it works on. */
export function factoryOrderRoutes(orders: FactoryOrdersService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/factory/orders',
      tag: JIEDAN_TAG,
      summary:
        '工厂查看订单：view=open 可接单的订单（明细、尺寸、数量、交付城市、接单数、本厂报价），view=mine 本厂中标或有采购单的订单；不含客户信息与价格',
      permission: 'jiedan.read',
      userType: 'wechat',
      query: FactoryOrdersQuerySchema,
      response: FactoryOrderPageSchema,
      handler: ({ principal, query }) => orders.list(principal, query),
    }),
  ];
}
