import { LEAD_STAGES, type LeadStats, type LeadStatsQuery } from '@app/shared';
import { scopeFor, type Principal } from '../access/principal';
import type { CrmDeps } from './crm-deps';
import { dayAfter, dayStart } from './customers.repository';

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * 004 §5.10. The cohort is the customers created in the window (in the caller's scope, for one owner if asked):
 * `totalLeads` are those still in a lead stage, split by stage and source; the conversion rate is the share of the
 * cohort converted (by §5.6 or by reaching `client`). Lost reasons count pool returns and rejected quotations.
 */
export class LeadStatisticsService {
  constructor(private readonly d: CrmDeps) {}

  async statistics(principal: Principal, q: LeadStatsQuery): Promise<LeadStats> {
    const scope = scopeFor(principal);
    const from = q.startDate ? dayStart(q.startDate) : null;
    const to = q.endDate ? dayAfter(q.endDate) : null;
    // A caller limited to their own customers only ever counts their own lost reasons.
    const owner = scope.kind === 'owner' ? scope.userId : (q.ownerId ?? null);
    const [cohort, poolReasons, quotationReasons] = await Promise.all([
      this.d.customers.cohortStats(scope, { from, to }, q.ownerId),
      this.d.activity.poolReasonCounts(from, to, owner),
      this.d.deals.rejectReasonCounts(owner === null ? scope : { kind: 'owner', userId: owner }, from, to),
    ]);
    const byStage = Object.fromEntries(LEAD_STAGES.map((s) => [s, cohort.byStage.get(s) ?? 0]));
    return {
      totalLeads: Object.values(byStage).reduce((a, b) => a + b, 0),
      byStage,
      bySource: Object.fromEntries([...cohort.bySource].map(([source, n]) => [source ?? 'unknown', n])),
      createdCount: cohort.created,
      convertedCount: cohort.converted,
      conversionRate: cohort.created === 0 ? 0 : round2((cohort.converted * 100) / cohort.created),
      lostReasons: { leads: poolReasons, quotations: quotationReasons },
    };
  }
}
