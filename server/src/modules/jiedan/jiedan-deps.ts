import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { FactoriesRepository } from '../factories/factories.repository';
import type { OrderEventsRepository } from '../orders/order-events.repository';
import type { JiedanOrdersRepository } from './jiedan-orders.repository';
import type { JiedanRepository } from './jiedan.repository';

/** What the bid services are built from. */
export interface JiedanDeps {
  db: Database;
  clock: Clock;
  bids: JiedanRepository;
  orders: JiedanOrdersRepository;
  factories: Pick<FactoriesRepository, 'findById' | 'namesOf'>;
  /** The order timeline (002), written in the same transaction as the bid change. */
  timeline: Pick<OrderEventsRepository, 'record'>;
}
