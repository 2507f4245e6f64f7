import {
  ContractModel,
  ContractPaymentStageModel,
  CustomerModel,
  QuotationModel,
  TaskModel,
} from '@app/server/src/db/models';
import { DatabaseJobLock } from '@app/server/src/jobs/job-lock';
import type { Job } from '@app/server/src/jobs/job-runner';
import { signedContract } from '../authz/finance-fixtures';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { as, buildQuotationWorld, dayAfter, quotationBody, type QuotationWorld } from '../helpers/quotation-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface Task {
  taskId: number;
  taskType: string;
  taskTitle: string;
  taskDescription: string | null;
  priority: string;
  status: string;
  sourceType: string | null;
  sourceId: number | null;
  dueDate: string;
  dueTime: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  deferReason: string | null;
  deferCount: number;
  originalDueDate: string | null;
  generated: boolean;
  [key: string]: unknown;
}
interface Page {
  list: Task[];
  pagination: { page: number; pageSize: number; total: number; totalPages: number };
}
interface Stats {
  totalTasks: number;
  pendingTasks: number;
  completedTasks: number;
  overdueTasks: number;
  cancelledTasks: number;
  completionRate: number;
  overdueRate: number;
  avgResponseTime: number | null;
  byType: Record<string, number>;
  byStatus: Record<string, number>;
  byAssignee: { assigneeId: number; assigneeName: string | null; totalTasks: number; completedTasks: number }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 08:00 UTC today: far from a day boundary whatever the hour the suite runs.
const START = Date.parse(`${new Date().toISOString().slice(0, 10)}T08:00:00.000Z`);

describe('to-do tasks (004 §8) and the jobs that generate them', () => {
  let t: TestApp;
  let w: QuotationWorld;
  let finance: string;
  let financeId: number;
  let mediaId: number;
  let quotationId: number;
  let contractId: number;
  let stageIds: number[];
  const clock = new FakeClock(START);
  const day = (n: number) => dayAfter(clock.now(), n);
  const job = (name: string): Job => {
    const found = t.container.tasks.jobs.find((j) => j.name === name);
    if (!found) throw new Error(`no job ${name}`);
    return found;
  };
  const GENERATORS = [
    'generate-lead-follow-up-tasks',
    'generate-quotation-expiring-tasks',
    'generate-contract-delivery-tasks',
    'generate-payment-reminder-tasks',
  ];
  const list = async (token: string, query = '') =>
    expectSuccess<Page>(await t.http.get(`/api/tasks${query}`).set(as(token)));
  const get = async (id: number, token: string) =>
    expectSuccess<Task>(await t.http.get(`/api/tasks/${id}`).set(as(token)));
  const put = (id: number, action: string, body: object, token: string) =>
    t.http.put(`/api/tasks/${id}/${action}`).set(as(token)).send(body);
  const create = (body: object, token: string) => t.http.post('/api/tasks').set(as(token)).send(body);
  const generated = (type: string) => TaskModel.count({ where: { taskType: type } });

  beforeAll(async () => {
    t = await startTestApp({ JWT_STAFF_TTL_SECONDS: String(60 * 24 * 3600) }, { clock });
    await seedDemo(t);
    w = await buildQuotationWorld(t);
    finance = await t.login('finance', 'finance123');
    const me = async (token: string) => (await t.http.get('/api/auth/profile').set(as(token))).body.data.id as number;
    financeId = await me(finance);
    mediaId = await me(w.tokens.media);

    // Sources: a follow-up in 2 hours (customer of sales) and one in 5 days (outside the 1-day window).
    await CustomerModel.update({ nextFollowUpAt: new Date(START + 2 * HOUR) }, { where: { id: w.customerId } });
    await CustomerModel.update({ nextFollowUpAt: new Date(START + 5 * DAY) }, { where: { id: w.otherCustomerId } });
    // A sent quotation valid 2 more days (inside 3) and one valid 30 days.
    const quotation = async (validUntil: string) => {
      const res = await t.http
        .post('/api/quotations')
        .set(as(w.tokens.sales))
        .send(quotationBody(w, clock.now(), { validUntil }));
      const id = expectSuccess<{ quotationId: number }>(res).quotationId;
      expectSuccess(await t.http.post(`/api/quotations/${id}/send`).set(as(w.tokens.sales)).send({}));
      return id;
    };
    quotationId = await quotation(day(2));
    await quotation(day(30));
    // A signed contract of the sales customer: delivery in 5 days (inside 7), stages planned tomorrow and in 40 days.
    const contract = await signedContract(
      t,
      { creator: w.tokens.sales, signer: w.tokens.manager },
      {
        customerId: w.customerId,
        contractAmount: '10000.00',
        signedDate: day(0),
        stages: [
          { stage: '预付款', paymentRatio: 30, paymentAmount: '3000.00', planDate: day(1) },
          { stage: '尾款', paymentRatio: 70, paymentAmount: '7000.00', planDate: day(40) },
        ],
      },
    );
    contractId = contract.contractId;
    stageIds = contract.stageIds;
    await ContractModel.update({ deliveryDeadline: day(5) }, { where: { id: contractId } });
  }, 60_000);
  afterAll(() => t.close());

  describe('generating jobs', () => {
    it('does nothing while another instance holds the job lease', async () => {
      const other = new DatabaseJobLock(t.container.db, () => clock.now());
      for (const name of [...GENERATORS, 'mark-overdue-tasks']) {
        expect(await other.acquire(name, 10 * 60_000)).not.toBeNull();
        await expect(t.container.jobs.runOnce(job(name))).resolves.toBe(false);
      }
      expect(await TaskModel.count()).toBe(0);
      clock.advance(11 * 60_000); // the other instance's leases run out
    });

    it('creates each task once: a second run (next interval) creates nothing', async () => {
      for (const name of GENERATORS) await expect(t.container.jobs.runOnce(job(name))).resolves.toBe(true);
      expect(await generated('lead_follow_up')).toBe(1);
      expect(await generated('quotation_expiring')).toBe(1);
      expect(await generated('contract_delivery')).toBe(1);
      expect(await generated('payment_reminder')).toBe(1);

      clock.advance(10 * 60_000);
      for (const name of GENERATORS) await expect(t.container.jobs.runOnce(job(name))).resolves.toBe(true);
      expect(await TaskModel.count()).toBe(4);
      // The service itself answers 0 created on a repeat.
      const g = t.container.tasks.generation;
      expect(
        await Promise.all([g.leadFollowUps(), g.expiringQuotations(), g.contractDeliveries(), g.paymentReminders()]),
      ).toEqual([0, 0, 0, 0]);
      expect(await TaskModel.count()).toBe(4);
    });

    it('gives each generated task its source, due, owner and an urgency from the days left', async () => {
      const { list: tasks } = await list(w.tokens.sales);
      const byType = Object.fromEntries(tasks.map((x) => [x.taskType, x]));
      expect(byType.lead_follow_up).toMatchObject({
        sourceType: 'customer',
        sourceId: w.customerId,
        dueDate: day(0),
        dueTime: '10:00:00',
        priority: 'high',
        status: 'pending',
        assigneeId: w.salesUserId,
        generated: true,
      });
      expect(byType.lead_follow_up.assigneeName).toEqual(expect.any(String));
      expect(byType.quotation_expiring).toMatchObject({
        sourceType: 'quotation',
        sourceId: quotationId,
        dueDate: day(2),
        dueTime: null,
        priority: 'medium',
      });
      expect(byType.contract_delivery).toMatchObject({
        sourceType: 'contract',
        sourceId: contractId,
        dueDate: day(5),
        priority: 'low',
      });
      expect(byType.payment_reminder).toMatchObject({
        sourceType: 'contract_payment_stage',
        sourceId: stageIds[0],
        dueDate: day(1),
        priority: 'high',
      });
      expect(byType.payment_reminder.taskDescription).toContain('3000.00');
      // Earliest due first.
      expect(tasks.map((x) => x.dueDate)).toEqual([...tasks.map((x) => x.dueDate)].sort());
    });
  });

  describe('reading', () => {
    it('shows a user the tasks assigned to them, a manager every task, others none of these', async () => {
      expect((await list(w.tokens.sales)).pagination.total).toBe(4);
      expect((await list(w.tokens.manager)).pagination.total).toBe(4);
      expect((await list(finance)).pagination.total).toBe(0);
      const [first] = (await list(w.tokens.sales)).list;
      expectFailure(await t.http.get(`/api/tasks/${first.taskId}`).set(as(finance)), 404, 'TASK_NOT_FOUND');
      expect((await get(first.taskId, w.tokens.manager)).taskId).toBe(first.taskId);
      expectFailure(await t.http.get('/api/tasks/999999').set(as(w.tokens.admin)), 404, 'TASK_NOT_FOUND');
    });

    it('filters by type, priority, status, assignee and due day, and pages', async () => {
      const sales = w.tokens.sales;
      expect((await list(sales, '?taskType=payment_reminder')).list.map((x) => x.taskType)).toEqual([
        'payment_reminder',
      ]);
      expect((await list(sales, '?priority=high')).pagination.total).toBe(2);
      expect((await list(sales, '?status=pending')).pagination.total).toBe(4);
      expect((await list(sales, '?status=completed')).pagination.total).toBe(0);
      expect((await list(sales, `?dueDate=${day(5)}`)).list.map((x) => x.taskType)).toEqual(['contract_delivery']);
      expect((await list(w.tokens.manager, `?assigneeId=${w.managerUserId}`)).pagination.total).toBe(0);
      const page = await list(sales, '?page=2&pageSize=3');
      expect(page.list).toHaveLength(1);
      expect(page.pagination).toEqual({ page: 2, pageSize: 3, total: 4, totalPages: 2 });
    });

    it('answers bad query input with 400 naming the field', async () => {
      const bad = expectFailure(
        await t.http.get('/api/tasks?status=done').set(as(w.tokens.sales)),
        400,
        'VALIDATION_ERROR',
      );
      expect(bad.error.details).toEqual([expect.objectContaining({ field: 'status' })]);
      expectFailure(await t.http.get('/api/tasks?dueDate=2024-02-30').set(as(w.tokens.sales)), 400, 'VALIDATION_ERROR');
      expectFailure(await t.http.get('/api/tasks/abc').set(as(w.tokens.sales)), 400, 'VALIDATION_ERROR');
    });
  });

  describe('creating by hand', () => {
    it('creates a task for oneself, due at the given time', async () => {
      const task = expectSuccess<Task>(
        await create(
          { taskTitle: '准备演示样机', taskDescription: '周五前寄出', dueDate: day(3), dueTime: '09:30' },
          w.tokens.sales,
        ),
      );
      expect(task).toMatchObject({
        taskType: 'other',
        priority: 'medium',
        status: 'pending',
        assigneeId: w.salesUserId,
        dueDate: day(3),
        dueTime: '09:30:00',
        generated: false,
        sourceType: null,
      });
    });

    it('lets a manager create for another, and refuses that to a sales user', async () => {
      const task = expectSuccess<Task>(
        await create({ taskTitle: '回访客户', dueDate: day(1), assigneeId: w.salesUserId }, w.tokens.manager),
      );
      expect(task.assigneeId).toBe(w.salesUserId);
      expectFailure(
        await create({ taskTitle: '回访客户', dueDate: day(1), assigneeId: w.managerUserId }, w.tokens.sales),
        403,
        'FORBIDDEN',
      );
    });

    it('refuses bad input, a past due, a half source and an assignee who cannot complete tasks', async () => {
      const noTitle = expectFailure(await create({ dueDate: day(1) }, w.tokens.sales), 400, 'VALIDATION_ERROR');
      expect(noTitle.error.details).toEqual([expect.objectContaining({ field: 'taskTitle' })]);
      expectFailure(
        await create({ taskTitle: 'x', dueDate: day(1), dueTime: '25:00' }, w.tokens.sales),
        400,
        'VALIDATION_ERROR',
      );
      expectFailure(await create({ taskTitle: 'x', dueDate: day(-1) }, w.tokens.sales), 400, 'TASK_DUE_INVALID');
      expectFailure(
        await create({ taskTitle: 'x', dueDate: day(1), sourceType: 'customer' }, w.tokens.sales),
        400,
        'TASK_SOURCE_INVALID',
      );
      expectFailure(
        await create({ taskTitle: 'x', dueDate: day(1), assigneeId: mediaId }, w.tokens.manager),
        400,
        'TASK_ASSIGNEE_INVALID',
      );
    });
  });

  describe('assign, complete, defer', () => {
    let task: Task;
    beforeAll(async () => {
      task = expectSuccess<Task>(await create({ taskTitle: '核对对账单', dueDate: day(2) }, w.tokens.sales));
    });

    it('assigns an open task (managers only); the new assignee sees it, the old one no longer', async () => {
      expectFailure(await put(task.taskId, 'assign', { assigneeId: financeId }, w.tokens.sales), 403, 'FORBIDDEN');
      const assigned = expectSuccess<Task>(
        await put(
          task.taskId,
          'assign',
          { assigneeId: financeId, assignReason: '原负责人离职，重新分配' },
          w.tokens.manager,
        ),
      );
      expect(assigned).toMatchObject({ assigneeId: financeId, assignReason: '原负责人离职，重新分配' });
      expect((await get(task.taskId, finance)).assigneeId).toBe(financeId);
      expectFailure(await t.http.get(`/api/tasks/${task.taskId}`).set(as(w.tokens.sales)), 404, 'TASK_NOT_FOUND');
      expectFailure(
        await put(task.taskId, 'assign', { assigneeId: mediaId }, w.tokens.manager),
        400,
        'TASK_ASSIGNEE_INVALID',
      );
      expectFailure(await put(task.taskId, 'assign', {}, w.tokens.manager), 400, 'VALIDATION_ERROR');
    });

    it('defers to a later due with a reason, keeping the first due', async () => {
      expectFailure(await put(task.taskId, 'defer', { newDueDate: day(4) }, finance), 400, 'VALIDATION_ERROR');
      expectFailure(
        await put(task.taskId, 'defer', { newDueDate: day(1), deferReason: '客户要求延期' }, finance),
        400,
        'TASK_DUE_INVALID',
      );
      const deferred = expectSuccess<Task>(
        await put(task.taskId, 'defer', { newDueDate: day(4), deferReason: '客户要求延期' }, finance),
      );
      expect(deferred).toMatchObject({
        dueDate: day(4),
        originalDueDate: day(2),
        deferReason: '客户要求延期',
        deferCount: 1,
        status: 'pending',
      });
      const again = expectSuccess<Task>(
        await put(task.taskId, 'defer', { newDueDate: day(5), newDueTime: '12:00', deferReason: '再延' }, finance),
      );
      expect(again).toMatchObject({ dueDate: day(5), dueTime: '12:00:00', originalDueDate: day(2), deferCount: 2 });
    });

    it('completes once; a second completion and changes after it are refused', async () => {
      const done = expectSuccess<{ taskId: number; status: string; completedAt: string }>(
        await put(task.taskId, 'complete', { resultNote: '已电话沟通客户，客户要求延期1周' }, finance),
      );
      expect(done).toEqual({ taskId: task.taskId, status: 'completed', completedAt: clock.now().toISOString() });
      expect(await get(task.taskId, finance)).toMatchObject({
        status: 'completed',
        resultNote: '已电话沟通客户，客户要求延期1周',
      });
      expectFailure(await put(task.taskId, 'complete', {}, finance), 422, 'TASK_WRONG_STATE');
      expectFailure(
        await put(task.taskId, 'defer', { newDueDate: day(9), deferReason: 'x' }, finance),
        422,
        'TASK_WRONG_STATE',
      );
      expectFailure(
        await put(task.taskId, 'assign', { assigneeId: w.salesUserId }, w.tokens.manager),
        422,
        'TASK_WRONG_STATE',
      );
    });

    it('lets exactly one of two racing completions win', async () => {
      const racy = expectSuccess<Task>(await create({ taskTitle: '并发', dueDate: day(2) }, w.tokens.sales));
      const answers = await Promise.all([
        put(racy.taskId, 'complete', {}, w.tokens.sales),
        put(racy.taskId, 'complete', {}, w.tokens.sales),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, expect.any(Number)]);
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      expect(answers.map((r) => r.status).find((s) => s !== 200)).toBeGreaterThanOrEqual(409);
      expect(await TaskModel.count({ where: { id: racy.taskId, status: 'completed' } })).toBe(1);
    });
  });

  describe('overdue', () => {
    it('lists open tasks past due as overdue before and after the sweep marks them; the sweep is idempotent', async () => {
      clock.advance(3 * HOUR); // 11:00: today's 10:00 follow-up is late
      const page = expectSuccess<Page>(await t.http.get('/api/tasks/overdue').set(as(w.tokens.sales)));
      expect(page.list.map((x) => [x.taskType, x.status])).toEqual([['lead_follow_up', 'overdue']]);
      expect(await TaskModel.count({ where: { status: 'overdue' } })).toBe(0);
      expect((await list(w.tokens.sales, '?status=overdue')).pagination.total).toBe(1);
      expect((await list(w.tokens.sales, '?status=pending')).list.map((x) => x.taskType)).not.toContain(
        'lead_follow_up',
      );

      clock.advance(60_000);
      await expect(t.container.jobs.runOnce(job('mark-overdue-tasks'))).resolves.toBe(true);
      expect(await TaskModel.count({ where: { status: 'overdue' } })).toBe(1);
      await expect(t.container.tasks.generation.markOverdue()).resolves.toBe(0);
      expect(await TaskModel.count({ where: { status: 'overdue' } })).toBe(1);
    });

    it('filters the overdue list by assignee and type and hides other users’ tasks', async () => {
      const overdue = (token: string, q = '') =>
        t.http
          .get(`/api/tasks/overdue${q}`)
          .set(as(token))
          .then((r) => expectSuccess<Page>(r).pagination.total);
      expect(await overdue(w.tokens.manager, `?assigneeId=${w.salesUserId}`)).toBe(1);
      expect(await overdue(w.tokens.manager, `?assigneeId=${financeId}`)).toBe(0);
      expect(await overdue(w.tokens.manager, '?taskType=payment_reminder')).toBe(0);
      expect(await overdue(finance)).toBe(0);
    });

    it('deferring an overdue task makes it pending again; the job does not re-create the original due', async () => {
      const [late] = (await list(w.tokens.sales, '?status=overdue')).list;
      const deferred = expectSuccess<Task>(
        await put(late.taskId, 'defer', { newDueDate: day(1), deferReason: '客户出差' }, w.tokens.sales),
      );
      expect(deferred).toMatchObject({
        status: 'pending',
        dueDate: day(1),
        dueTime: '10:00:00',
        originalDueDate: day(0),
      });
      expect(expectSuccess<Page>(await t.http.get('/api/tasks/overdue').set(as(w.tokens.sales))).list).toEqual([]);
      await expect(t.container.tasks.generation.leadFollowUps()).resolves.toBe(0);
      expect(await generated('lead_follow_up')).toBe(1);
    });

    it('completes an overdue task', async () => {
      const extra = expectSuccess<Task>(
        await create({ taskTitle: '逾期后完成', dueDate: day(0), dueTime: '12:00' }, w.tokens.sales),
      );
      clock.advance(2 * HOUR); // 13:01
      expect((await get(extra.taskId, w.tokens.sales)).status).toBe('overdue');
      expectSuccess(await put(extra.taskId, 'complete', {}, w.tokens.sales));
      expect((await get(extra.taskId, w.tokens.sales)).status).toBe('completed');
    });
  });

  describe('statistics', () => {
    const stats = async (token: string, q = '') =>
      expectSuccess<Stats>(await t.http.get(`/api/tasks/statistics${q}`).set(as(token)));

    it('counts by status, type and assignee with rates, as the database computes them', async () => {
      const all = await stats(w.tokens.manager);
      const rows = await TaskModel.findAll({ raw: true });
      expect(all.totalTasks).toBe(rows.length);
      expect(all.byType).toMatchObject({
        lead_follow_up: 1,
        quotation_expiring: 1,
        contract_delivery: 1,
        payment_reminder: 1,
      });
      expect(all.byType.other).toBe(rows.length - 4);
      expect(all.completedTasks).toBe(rows.filter((r) => r.status === 'completed').length);
      expect(all.completedTasks).toBe(3);
      expect(all.overdueTasks).toBe(0);
      expect(all.completionRate).toBe(Math.round((3 / rows.length) * 1000) / 10);
      expect(all.avgResponseTime).toEqual(expect.any(Number));
      const sum = Object.values(all.byStatus).reduce((a, b) => a + b, 0);
      expect(sum).toBe(all.totalTasks);
      const finance1 = all.byAssignee.find((a) => a.assigneeId === financeId);
      expect(finance1).toMatchObject({ totalTasks: 1, completedTasks: 1 });
      expect(finance1?.assigneeName).toEqual(expect.any(String));
    });

    it('limits a user to their own tasks, and filters by assignee and due days', async () => {
      const own = await stats(w.tokens.sales);
      expect(own.byAssignee.map((a) => a.assigneeId)).toEqual([w.salesUserId]);
      expect((await stats(finance)).totalTasks).toBe(1);
      expect((await stats(w.tokens.manager, `?assigneeId=${financeId}`)).totalTasks).toBe(1);
      const window = await stats(w.tokens.manager, `?startDate=${day(5)}&endDate=${day(5)}`);
      expect(window.byType.contract_delivery).toBe(1);
      expect(window.byType.payment_reminder).toBe(0);
      expectFailure(
        await t.http.get(`/api/tasks/statistics?startDate=${day(5)}&endDate=${day(1)}`).set(as(w.tokens.manager)),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('counts a past-due open task as overdue before the sweep', async () => {
      clock.advance(5 * DAY);
      const s = await stats(w.tokens.manager);
      expect(s.overdueTasks).toBeGreaterThan(0);
      expect(s.overdueRate).toBeGreaterThan(0);
    });
  });

  describe('retiring generated tasks', () => {
    it('cancels an open reminder once its stage is settled, and an expiring task once the quotation is answered', async () => {
      await ContractPaymentStageModel.update({ settled: true }, { where: { id: stageIds[0] } });
      await QuotationModel.update({ status: 'accepted' }, { where: { id: quotationId } });
      clock.advance(11 * 60_000);
      for (const name of GENERATORS) await expect(t.container.jobs.runOnce(job(name))).resolves.toBe(true);
      const cancelled = await TaskModel.findAll({ where: { status: 'cancelled' }, raw: true });
      expect(cancelled.map((r) => r.taskType).sort()).toEqual(['payment_reminder', 'quotation_expiring']);
      expect(cancelled.map((r) => r.resultNote)).toEqual(['来源已处理，系统自动取消', '来源已处理，系统自动取消']);
      // The delivery task (contract still to ship) and the follow-up stay.
      expect(await TaskModel.count({ where: { taskType: 'contract_delivery', status: 'cancelled' } })).toBe(0);
      const g = t.container.tasks.generation;
      await expect(g.cancelResolved('payment_reminder')).resolves.toBe(0);
      await expect(g.cancelResolved('quotation_expiring')).resolves.toBe(0);
      // Hand-made tasks naming a source are never retired by a job.
      expect(await TaskModel.count({ where: { status: 'cancelled', sourceKey: null } })).toBe(0);
    });
  });

  it('refuses the task routes to a role without task permissions', async () => {
    expectFailure(await t.http.get('/api/tasks').set(as(w.tokens.media)), 403, 'FORBIDDEN');
  });
});
