import { LEAD_STAGES, type TaskSourceType, type TaskType } from '@app/shared';
import type { Clock } from '../../platform/clock';
import { fromCents, toCents } from '../../platform/money';
import { addDays, dayStart, dueInstant, generationWindow, priorityFor, sourceKey, utcDay, utcTime } from './task-rules';
import { LIVE_SOURCES, type TaskSourcesRepository } from './task-sources.repository';
import type { TaskWrite, TasksRepository } from './tasks.repository';

/** How many days ahead each generating job looks (configuration). */
export interface TaskGenerationSettings {
  leadFollowUpDays: number;
  quotationExpiringDays: number;
  contractDeliveryDays: number;
  paymentReminderDays: number;
}

interface Draft {
  type: TaskType;
  sourceType: TaskSourceType;
  sourceId: number;
  title: string;
  description: string | null;
  dueDate: string;
  dueTime: string | null;
  assigneeId: number | null;
}

const LEADS: readonly string[] = LEAD_STAGES;

/**
 * The scheduled jobs' work: tasks from follow-up times, quotation validity, delivery deadlines and payment plans,
 * and the overdue sweep. Every generated task carries a source key (type, source, due day) that is unique, so a
 * second run, or a run on another instance, inserts nothing twice.
 */
export class TaskGenerationService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly sources: TaskSourcesRepository,
    private readonly clock: Clock,
    private readonly settings: TaskGenerationSettings,
  ) {}

  /** Customers whose next follow-up time falls from today through `leadFollowUpDays` ahead: a task for the owner. */
  async leadFollowUps(): Promise<number> {
    const { from, to } = generationWindow(this.clock.now(), this.settings.leadFollowUpDays);
    const rows = await this.sources.followUps(dayStart(from), dayStart(addDays(to, 1)));
    return this.insert(
      rows.map((c) => ({
        type: 'lead_follow_up',
        sourceType: 'customer',
        sourceId: c.customerId,
        title: `${LEADS.includes(c.customerStage) ? '跟进线索' : '跟进客户'}：${c.customerName}`,
        description: null,
        dueDate: utcDay(c.nextFollowUpAt),
        dueTime: utcTime(c.nextFollowUpAt),
        assigneeId: c.ownerId,
      })),
    );
  }

  /** Sent quotations whose validity ends within `quotationExpiringDays`: a task for the owner, due the last valid day. */
  async expiringQuotations(): Promise<number> {
    const { from, to } = generationWindow(this.clock.now(), this.settings.quotationExpiringDays);
    const rows = await this.sources.expiringQuotations(from, to);
    const names = await this.sources.customerNames(rows.map((q) => q.customerId));
    return this.insert(
      rows.map((q) => ({
        type: 'quotation_expiring',
        sourceType: 'quotation',
        sourceId: q.quotationId,
        title: `报价单即将到期：${q.quotationNo}`,
        description: `${names.get(q.customerId) ?? ''}「${q.quotationTitle}」有效期至 ${q.validUntil}，请跟进客户确认`,
        dueDate: q.validUntil,
        dueTime: null,
        assigneeId: q.ownerId,
      })),
    );
  }

  /** Live contracts not fully shipped whose delivery deadline is within `contractDeliveryDays`. */
  async contractDeliveries(): Promise<number> {
    const { from, to } = generationWindow(this.clock.now(), this.settings.contractDeliveryDays);
    const rows = await this.sources.deliveries(from, to);
    const names = await this.sources.customerNames(rows.map((c) => c.customerId));
    return this.insert(
      rows.map((c) => ({
        type: 'contract_delivery',
        sourceType: 'contract',
        sourceId: c.contractId,
        title: `合同交付截止：${c.contractNo}`,
        description: `${names.get(c.customerId) ?? ''}「${c.contractTitle}」交付截止日期 ${c.deliveryDeadline}，请确认发货安排`,
        dueDate: c.deliveryDeadline,
        dueTime: null,
        assigneeId: c.ownerId,
      })),
    );
  }

  /** Unsettled payment stages planned within `paymentReminderDays`: a reminder for the contract's owner. */
  async paymentReminders(): Promise<number> {
    const { from, to } = generationWindow(this.clock.now(), this.settings.paymentReminderDays);
    const rows = await this.sources.dueStages(from, to);
    const names = await this.sources.customerNames(rows.map((s) => s.customerId));
    return this.insert(
      rows.map((s) => {
        const open = fromCents(toCents(s.amount) - toCents(s.paidAmount));
        return {
          type: 'payment_reminder',
          sourceType: 'contract_payment_stage',
          sourceId: s.stageId,
          title: `收款提醒：${s.contractNo} ${s.stageName}`,
          description: `${names.get(s.customerId) ?? ''}合同 ${s.contractNo}「${s.stageName}」计划 ${s.planDate} 收款，未收金额 ¥${open}`,
          dueDate: s.planDate,
          dueTime: null,
          assigneeId: s.ownerId,
        };
      }),
    );
  }

  /**
   * Cancels open generated tasks whose source no longer needs them (see `LIVE_SOURCES`), so a settled stage or an
   * accepted quotation does not turn into an overdue task. Answers how many it cancelled.
   */
  cancelResolved(type: keyof typeof LIVE_SOURCES): Promise<number> {
    return this.tasks.cancelResolved(type, LIVE_SOURCES[type], '来源已处理，系统自动取消');
  }

  /** Open tasks past their due instant become overdue (one UPDATE). */
  markOverdue(): Promise<number> {
    return this.tasks.markOverdue(this.clock.now());
  }

  /** Sources without anyone to act on them (no owner, no creator) get no task. */
  private insert(drafts: Draft[]): Promise<number> {
    const now = this.clock.now();
    const today = utcDay(now);
    const rows: TaskWrite[] = drafts.flatMap((d) =>
      d.assigneeId === null
        ? []
        : [
            {
              taskType: d.type,
              taskTitle: d.title.slice(0, 128),
              taskDescription: d.description,
              priority: priorityFor(d.dueDate, today),
              sourceType: d.sourceType,
              sourceId: d.sourceId,
              sourceKey: sourceKey(d.type, d.sourceId, d.dueDate),
              dueDate: d.dueDate,
              dueTime: d.dueTime,
              dueAt: dueInstant(d.dueDate, d.dueTime),
              assigneeId: d.assigneeId,
              createdBy: null,
              createdAt: now,
            },
          ],
    );
    return this.tasks.insertGenerated(rows);
  }
}
