import type { Transaction } from 'sequelize';
import type { Redis } from 'ioredis';
import type { Config } from '@app/config';
import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Job } from '../../jobs/job-runner';
import { resumeHaltedOrdersJob } from '../../jobs/resume-halted-orders.job';
import type { Clock } from '../../platform/clock';
import type { DomainEvents } from '../../platform/domain-events';
import type { Logger } from '../../platform/logger';
import type { DataScope } from '../access/principal';
import type { CustomersRepository } from '../customers/customers.repository';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { ProductsRepository } from '../products/products.repository';
import type { QuotationItemRecord, QuotationRecord } from '../quotations/quotation-records';
import type { UsersRepository } from '../users/users.repository';
import { orderControlRoutes } from './order-control.routes';
import { OrderControlService } from './order-control.service';
import { OrderEventsRepository } from './order-events.repository';
import { OrderItemsRepository } from './order-items.repository';
import { OrderWorkflow } from './order-workflow';
import { orderRoutes } from './orders.routes';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { NO_SUPPLIER_HINTS, OrderSplitService, type OrderSupplierHints } from './order-split.service';
import { PurchaseOrdersRepository } from './purchase-orders.repository';
import { purchaseOrderRoutes } from './purchase-orders.routes';
import { PurchaseOrdersService } from './purchase-orders.service';
import { OrderCancelService } from './order-cancel.service';
import { OrderChangeService } from './order-change.service';
import { orderRequestRoutes } from './order-requests.routes';
import { createLogisticsClient } from '../../integrations/logistics/kuaidi100.client';
import { orderDeliveryRoutes } from './order-delivery.routes';
import { buildDeliveryServices } from './order-delivery.service';

export interface OrdersModuleDeps {
  db: Database;
  /** Carries detail-cache invalidations to the other instances (null: one instance). */
  redis: Redis | null;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** order.shipped / order.delivered go out here after commit (notices to the bound customers). */
  domainEvents: DomainEvents;
  customers: CustomersRepository;
  users: UsersRepository;
  products: ProductsRepository;
  factories: FactoriesRepository;
  sequences: NumberSequenceRepository;
  /** The jiedan module's accepted-bid hint for the split; without it the product's default factory decides. */
  hints?: OrderSupplierHints;
  quotationWithItems(
    id: number,
    scope: DataScope,
    t: Transaction,
  ): Promise<{ quotation: QuotationRecord; items: QuotationItemRecord[] } | null>;
}

export interface OrdersModule {
  repository: OrdersRepository;
  flow: OrderWorkflow;
  orders: OrdersService;
  control: OrderControlService;
  routes: RouteSpec[];
  jobs: Job[];
}

/** The order module of 002: orders, purchase orders, delivery and logistics, change and cancel requests, halts. */
export function buildOrdersModule(deps: OrdersModuleDeps): OrdersModule {
  // Order details are cached per id and dropped on every write to the order or its lines (on every instance,
  // through Redis pub/sub when configured).
  const repository = new OrdersRepository(deps.db, {
    ttlMs: 60_000,
    maxEntries: 20_000,
    publisher: deps.redis,
    channel: `${deps.config.redisKeyPrefix}order-invalidate`,
    logger: deps.logger,
  });
  const flow = new OrderWorkflow({
    db: deps.db,
    orders: repository,
    items: new OrderItemsRepository(repository),
    events: new OrderEventsRepository(),
    users: deps.users,
    clock: deps.clock,
    config: deps.config.orders,
  });
  const orders = new OrdersService(flow, {
    quotation: deps.quotationWithItems,
    customer: (id, t) => deps.customers.find(id, { kind: 'all' }, 'visible', t),
    categories: (ids, t) => deps.products.categoryCodes(ids, t),
    sequences: deps.sequences,
  });
  const control = new OrderControlService(flow);
  const purchaseOrders = new PurchaseOrdersRepository(repository);
  const split = new OrderSplitService(flow, {
    purchaseOrders,
    factories: deps.factories,
    products: deps.products,
    hints: deps.hints ?? NO_SUPPLIER_HINTS,
  });
  const changes = new OrderChangeService(flow, deps.products);
  // Kuaidi100 when KUAIDI100_KEY and KUAIDI100_CUSTOMER are set, else the disabled client.
  const delivery = buildDeliveryServices(
    flow,
    createLogisticsClient(deps.config.kuaidi100),
    deps.logger,
    deps.domainEvents,
  );
  const routes: RouteSpec[] = [
    ...orderRoutes(orders),
    ...orderControlRoutes(control),
    ...purchaseOrderRoutes(split, new PurchaseOrdersService(flow, purchaseOrders, deps.factories)),
    ...orderRequestRoutes(changes, new OrderCancelService(flow, changes)),
    ...orderDeliveryRoutes(...delivery),
  ];
  const jobs: Job[] = [resumeHaltedOrdersJob(control)];
  return { repository, flow, orders, control, routes, jobs };
}
