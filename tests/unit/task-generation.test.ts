import { TaskGenerationService } from '@app/server/src/modules/tasks/task-generation.service';
import type { TaskSourcesRepository } from '@app/server/src/modules/tasks/task-sources.repository';
import type { TaskWrite, TasksRepository } from '@app/server/src/modules/tasks/tasks.repository';
import { FakeClock } from '../fakes/fake-clock';

/** Records the windows asked for and the rows inserted; keys already inserted are ignored, like the unique index. */
function fakes() {
  const asked: Record<string, unknown[]> = {};
  const keys = new Set<string>();
  const inserted: TaskWrite[] = [];
  const tasks = {
    async insertGenerated(rows: readonly TaskWrite[]) {
      const fresh = rows.filter((r) => r.sourceKey && !keys.has(r.sourceKey));
      for (const r of fresh) keys.add(r.sourceKey ?? '');
      inserted.push(...fresh);
      return fresh.length;
    },
  } as unknown as TasksRepository;
  const sources = {
    async followUps(from: Date, to: Date) {
      asked.followUps = [from.toISOString(), to.toISOString()];
      return [
        {
          customerId: 7,
          customerName: 'XX温泉酒店',
          customerStage: 'prospect',
          ownerId: 3,
          nextFollowUpAt: new Date('2024-12-26T10:00:00.000Z'),
        },
      ];
    },
    async expiringQuotations(from: string, to: string) {
      asked.quotations = [from, to];
      return [
        {
          quotationId: 11,
          quotationNo: 'QUOT-2024-011',
          quotationTitle: '客控报价',
          customerId: 7,
          ownerId: null,
          validUntil: '2024-12-27',
        },
        {
          quotationId: 12,
          quotationNo: 'QUOT-2024-012',
          quotationTitle: '灯控报价',
          customerId: 7,
          ownerId: 4,
          validUntil: '2024-12-28',
        },
      ];
    },
    async dueStages(from: string, to: string) {
      asked.stages = [from, to];
      return [
        {
          stageId: 21,
          stageName: '预付款',
          amount: '3000.00',
          paidAmount: 1000.5,
          planDate: '2024-12-25',
          contractId: 5,
          contractNo: 'CONT-2024-005',
          customerId: 7,
          ownerId: 3,
        },
      ];
    },
    async customerNames() {
      return new Map([[7, 'XX温泉酒店']]);
    },
  } as unknown as TaskSourcesRepository;
  return { asked, inserted, tasks, sources };
}

describe(TaskGenerationService.name, () => {
  const settings = { leadFollowUpDays: 1, quotationExpiringDays: 3, contractDeliveryDays: 7, paymentReminderDays: 3 };
  const clock = new FakeClock(Date.parse('2024-12-25T20:00:00.000Z'));

  it('looks from the start of today (UTC) through n days ahead', async () => {
    const f = fakes();
    const g = new TaskGenerationService(f.tasks, f.sources, clock, settings);
    await g.leadFollowUps();
    await g.expiringQuotations();
    await g.paymentReminders();
    expect(f.asked.followUps).toEqual(['2024-12-25T00:00:00.000Z', '2024-12-27T00:00:00.000Z']);
    expect(f.asked.quotations).toEqual(['2024-12-25', '2024-12-28']);
    expect(f.asked.stages).toEqual(['2024-12-25', '2024-12-28']);
  });

  it('makes a follow-up task due at the follow-up time, for the owner, keyed by type, source and day', async () => {
    const f = fakes();
    await new TaskGenerationService(f.tasks, f.sources, clock, settings).leadFollowUps();
    expect(f.inserted).toEqual([
      expect.objectContaining({
        taskType: 'lead_follow_up',
        taskTitle: '跟进线索：XX温泉酒店',
        sourceType: 'customer',
        sourceId: 7,
        sourceKey: 'lead_follow_up:7:2024-12-26',
        dueDate: '2024-12-26',
        dueTime: '10:00:00',
        dueAt: new Date('2024-12-26T10:00:00.000Z'),
        assigneeId: 3,
        priority: 'high',
        createdBy: null,
      }),
    ]);
  });

  it('skips a source nobody owns, and rates urgency by days left', async () => {
    const f = fakes();
    const created = await new TaskGenerationService(f.tasks, f.sources, clock, settings).expiringQuotations();
    expect(created).toBe(1);
    expect(f.inserted.map((r) => [r.sourceId, r.assigneeId, r.priority, r.dueTime])).toEqual([[12, 4, 'medium', null]]);
    expect(f.inserted[0].dueAt.toISOString()).toBe('2024-12-29T00:00:00.000Z');
  });

  it('names the unpaid remainder of a stage exactly, and creates nothing the second time', async () => {
    const f = fakes();
    const g = new TaskGenerationService(f.tasks, f.sources, clock, settings);
    await expect(g.paymentReminders()).resolves.toBe(1);
    await expect(g.paymentReminders()).resolves.toBe(0);
    expect(f.inserted).toHaveLength(1);
    expect(f.inserted[0].taskDescription).toContain('未收金额 ¥1999.50');
    expect(f.inserted[0].sourceKey).toBe('payment_reminder:21:2024-12-25');
  });
});
