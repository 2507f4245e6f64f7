import type { Dashboard, DashboardQuery } from '@app/shared';
import type { Clock } from '../../platform/clock';
import { scopeFor, type Principal } from '../access/principal';
import { TtlCache } from './dashboard-cache';
import { resolveWindow, scopeKey, toDashboard } from './dashboard-figures';
import type { Balances, DashboardRepository, RangeFigures } from './dashboard.repository';

/** How long figures are reused: figures up to this old are fine on a dashboard. */
export const DASHBOARD_CACHE_MS = 30_000;

/**
 * 004 §13.1: the figures of the caller's data scope over a range of days. Two short caches: the range's figures per
 * (scope, range), and today's balances per (scope, day), which every range of that scope shares.
 */
export class DashboardService {
  private readonly ranges: TtlCache<RangeFigures>;
  private readonly balances: TtlCache<Balances>;

  constructor(
    private readonly repository: DashboardRepository,
    private readonly clock: Clock,
    cacheMs = DASHBOARD_CACHE_MS,
  ) {
    this.ranges = new TtlCache(clock, cacheMs);
    this.balances = new TtlCache(clock, cacheMs);
  }

  async get(principal: Principal, q: DashboardQuery): Promise<Dashboard> {
    const now = this.clock.now();
    const window = resolveWindow(q, now);
    const scope = scopeFor(principal);
    const key = scopeKey(scope);
    const [range, balances] = await Promise.all([
      this.ranges.get(`${key}|${window.startDate}|${window.endDate}`, () =>
        this.repository.rangeFigures(scope, window),
      ),
      this.balances.get(`${key}|${window.today}`, () => this.repository.balances(scope, window.today)),
    ]);
    return toDashboard({ ...range, ...balances }, window, now);
  }
}
