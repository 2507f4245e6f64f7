import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Clock } from '../../platform/clock';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { OrdersModule } from '../orders/orders.module';
import { FactoryOrdersRepository } from './factory-orders.repository';
import { factoryOrderRoutes } from './factory-orders.routes';
import { FactoryOrdersService } from './factory-orders.service';
import { JiedanDecisionService } from './jiedan-decision.service';
import type { JiedanDeps } from './jiedan-deps';
import { JiedanOrdersRepository } from './jiedan-orders.repository';
import { JiedanQueryService } from './jiedan-query.service';
import { JiedanRepository } from './jiedan.repository';
import { jiedanRoutes } from './jiedan.routes';
import { JiedanService } from './jiedan.service';

export { JiedanRepository };

export interface JiedanModuleDeps {
  db: Database;
  clock: Clock;
  factories: FactoriesRepository;
  /** The order module: its timeline receives the bid events. */
  orders: Pick<OrdersModule, 'flow'>;
  /**
   * The bids repository, created before the order module because it is also the split's OrderSupplierHints
   * (the factory whose bid was accepted). Built here when not given.
   */
  bids?: JiedanRepository;
}

export interface JiedanModule {
  bids: JiedanRepository;
  service: JiedanService;
  queries: JiedanQueryService;
  decisions: JiedanDecisionService;
  routes: RouteSpec[];
}

/** 001 接单: factories bid on orders, staff accept or reject; factories find orders to bid on. */
export function buildJiedanModule(deps: JiedanModuleDeps): JiedanModule {
  const bids = deps.bids ?? new JiedanRepository();
  const d: JiedanDeps = {
    db: deps.db,
    clock: deps.clock,
    bids,
    orders: new JiedanOrdersRepository(),
    factories: deps.factories,
    timeline: deps.orders.flow.d.events,
  };
  const decisions = new JiedanDecisionService(d);
  const service = new JiedanService(d, decisions);
  const queries = new JiedanQueryService(d);
  const routes = [
    ...jiedanRoutes(service, queries, decisions),
    ...factoryOrderRoutes(new FactoryOrdersService(new FactoryOrdersRepository(deps.db), bids)),
  ];
  return { bids, service, queries, decisions, routes };
}
