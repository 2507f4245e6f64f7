import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Clock } from '../../platform/clock';
import { dashboardRoutes } from './dashboard.routes';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

export interface DashboardModule {
  dashboard: DashboardService;
  routes: RouteSpec[];
}

/** The dashboard (004 §13): read-only aggregates over the CRM, contract and finance tables. */
export function buildDashboardModule(deps: { db: Database; clock: Clock }): DashboardModule {
  const dashboard = new DashboardService(new DashboardRepository(deps.db), deps.clock);
  return { dashboard, routes: dashboardRoutes(dashboard) };
}
