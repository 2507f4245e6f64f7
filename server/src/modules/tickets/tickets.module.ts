import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Clock } from '../../platform/clock';
import type { CustomersRepository } from '../customers/customers.repository';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import type { UsersRepository } from '../users/users.repository';
import { TicketStatisticsRepository } from './ticket-statistics.repository';
import { TicketWorkflowService } from './ticket-workflow.service';
import { ticketRoutes } from './tickets.routes';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

export interface TicketsModuleDeps {
  db: Database;
  clock: Clock;
  customers: CustomersRepository;
  users: UsersRepository;
  sequences: NumberSequenceRepository;
}

export interface TicketsModule {
  tickets: TicketsService;
  workflow: TicketWorkflowService;
  routes: RouteSpec[];
}

/** After-sales service tickets (004 §12). */
export function buildTicketsModule(deps: TicketsModuleDeps): TicketsModule {
  const tickets = new TicketsService({
    ...deps,
    tickets: new TicketsRepository(),
    statistics: new TicketStatisticsRepository(deps.db),
  });
  const workflow = new TicketWorkflowService(tickets);
  return { tickets, workflow, routes: ticketRoutes(tickets, workflow) };
}
