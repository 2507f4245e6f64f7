import { Op, type WhereOptions } from 'sequelize';
import { LEAD_STAGES, type LeadStats, type LeadStatsQuery } from '@app/shared';
import { scopeFor, type Principal } from '../access/principal';
import type { CrmDeps } from './crm-deps';

const DAY_MS = 86_400_000;

function window(q: LeadStatsQuery): { from: Date | null; to: Date | null } {
  return {
    from: q.startDate ? new Date(`${q.startDate}T00:00:00.000Z`) : null,
    to: q.endDate ? new Date(Date.parse(`${q.endDate}T00:00:00.000Z`) + DAY_MS) : null,
  };
}

function timeRange(column: string, from: Date | null, to: Date | null): WhereOptions[] {
  const where: WhereOptions[] = [];
  if (from) where.push({ [column]: { [Op.gte]: from } });
  if (to) where.push({ [column]: { [Op.lt]: to } });
  return where;
}

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
    const { from, to } = window(q);
    const cohort: WhereOptions[] = [
      this.d.customers.reachWhere(scope, 'owned'),
      ...timeRange('createdAt', from, to),
      ...(q.ownerId ? [{ ownerId: q.ownerId }] : []),
    ];
    const leads = [...cohort, { customerStage: { [Op.in]: [...LEAD_STAGES] } }];
    const [byStage, bySource, createdCount, convertedCount, poolReasons, quotationReasons] = await Promise.all([
      this.d.customers.countBy('customerStage', leads),
      this.d.customers.countBy('source', leads),
      this.d.customers.count(cohort),
      this.d.customers.count([...cohort, { convertedAt: { [Op.ne]: null } }]),
      this.d.activity.reasonCounts('pool', [
        ...timeRange('createdAt', from, to),
        ...(q.ownerId ? [{ fromValue: String(q.ownerId) }] : []),
        ...(scope.kind === 'owner' ? [{ fromValue: String(scope.userId) }] : []),
      ]),
      this.d.deals.rejectReasonCounts(q.ownerId ? { kind: 'owner', userId: q.ownerId } : scope, from, to),
    ]);
    const stageCounts = Object.fromEntries(LEAD_STAGES.map((s) => [s, byStage.get(s) ?? 0]));
    const sourceCounts = Object.fromEntries([...bySource].map(([source, n]) => [source ?? 'unknown', n]));
    return {
      totalLeads: Object.values(stageCounts).reduce((a, b) => a + b, 0),
      byStage: stageCounts,
      bySource: sourceCounts,
      createdCount,
      convertedCount,
      conversionRate: createdCount === 0 ? 0 : round2((convertedCount * 100) / createdCount),
      lostReasons: { leads: poolReasons, quotations: quotationReasons },
    };
  }
}
