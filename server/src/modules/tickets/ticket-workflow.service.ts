import type {
  TicketAssign,
  TicketAssigned,
  TicketClose,
  TicketClosed,
  TicketLog,
  TicketLogCreate,
  TicketRated,
  TicketRating,
  TicketResolve,
  TicketResolved,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import {
  ASSIGNABLE,
  CLOSABLE,
  RATABLE,
  RESOLVABLE,
  assignKind,
  closeOutcome,
  mustBeIn,
  requireReason,
  resolveCosts,
} from './ticket-rules';
import { toTicketLogDto } from './tickets.mapper';
import type { TicketsDeps, TicketsService } from './tickets.service';

/** The permission a handler must hold: whoever is assigned must be able to resolve the ticket. */
const HANDLER_PERMISSION = 'tickets.close';
/** Log entries that are a response to the customer (they stop the response-time clock, like an assignment). */
const RESPONSES = new Set(['contact', 'visit', 'remote']);

/**
 * 004 §12.5-12.9: assign/transfer, resolve, close, log, rate. Every state change is a guarded UPDATE on the status
 * (and the assignee or the missing rating) the caller saw, so of two racing requests exactly one wins.
 */
export class TicketWorkflowService {
  private readonly d: TicketsDeps;

  constructor(private readonly tickets: TicketsService) {
    this.d = tickets.d;
  }

  async assign(principal: Principal, id: number, input: TicketAssign): Promise<TicketAssigned> {
    // A ticket the caller cannot see is 404 before anything about the assignee is said.
    await this.tickets.mustFind(id, scopeFor(principal));
    const assignee = await this.assignee(input.assignedTo);
    return this.d.db.transaction(async (t) => {
      const r = await this.tickets.mustFind(id, scopeFor(principal), t);
      mustBeIn(r.status, ASSIGNABLE, '分配');
      if (r.assignedTo === input.assignedTo && r.status === 'in_progress')
        throw new AppError('TICKET_ASSIGNEE_UNCHANGED');
      const kind = assignKind(r.assignedTo);
      const reason =
        kind === 'transfer'
          ? requireReason(input.assignReason, 'assignReason', '转派工单请填写转派原因')
          : input.assignReason?.trim() || null;
      const now = this.d.clock.now();
      const won = await this.d.tickets.update(
        r.id,
        {
          status: 'in_progress',
          assignedTo: input.assignedTo,
          assignedAt: now,
          updatedBy: principal.userId,
          updatedAt: now,
        },
        t,
        { status: [r.status], assignedTo: r.assignedTo },
      );
      if (!won) throw new AppError('TICKET_CHANGED');
      await this.d.tickets.markFirstResponse(r.id, now, t);
      const names = await this.d.users.displayNames([
        input.assignedTo,
        ...(r.assignedTo === null ? [] : [r.assignedTo]),
      ]);
      const to = names.get(input.assignedTo) ?? `#${input.assignedTo}`;
      const content =
        kind === 'transfer'
          ? `工单由${names.get(r.assignedTo ?? 0) ?? `#${r.assignedTo}`}转派给${to}处理`
          : `工单已分配给${to}处理`;
      await this.d.tickets.addLog(
        {
          ticketId: r.id,
          logType: kind,
          logContent: reason ? `${content}。原因：${reason}` : content,
          createdBy: principal.userId,
          createdAt: now,
        },
        t,
      );
      return { ticketId: r.id, status: 'in_progress', assignedTo: input.assignedTo, assignedToName: assignee };
    });
  }

  /** An active staff user who may resolve tickets; answers their display name. */
  private async assignee(userId: number): Promise<string | null> {
    const user = await this.d.users.findById(userId);
    const ok =
      user !== null &&
      user.userType === 'staff' &&
      user.isActive &&
      (await this.d.users.accessOf(userId)).permissions.includes(HANDLER_PERMISSION);
    if (!ok) {
      throw new AppError('TICKET_ASSIGNEE_INVALID', `处理人不存在、已停用或没有处理工单的权限：${userId}`, [
        { field: 'assignedTo', message: '处理人不存在、已停用或没有处理工单的权限' },
      ]);
    }
    return (await this.d.users.displayNames([userId])).get(userId) ?? null;
  }

  async resolve(principal: Principal, id: number, input: TicketResolve): Promise<TicketResolved> {
    return this.d.db.transaction(async (t) => {
      const r = await this.tickets.mustFind(id, scopeFor(principal), t);
      mustBeIn(r.status, RESOLVABLE, '解决（请先分配处理人）');
      const costs = resolveCosts(input, r.isUnderWarranty);
      const now = this.d.clock.now();
      const status = input.awaitingAcceptance ? 'pending_acceptance' : 'resolved';
      const won = await this.d.tickets.update(
        r.id,
        {
          status,
          problemAnalysis: input.problemAnalysis,
          solution: input.solution,
          solutionAttachmentUrls: input.attachmentUrls,
          serviceFee: costs.serviceFee,
          partsCost: costs.partsCost,
          totalCost: costs.totalCost,
          paymentStatus: costs.paymentStatus,
          resolvedAt: now,
          resolvedBy: principal.userId,
          updatedBy: principal.userId,
          updatedAt: now,
        },
        t,
        { status: RESOLVABLE },
      );
      if (!won) throw new AppError('TICKET_CHANGED');
      await this.d.tickets.insertParts(r.id, costs.parts, now, t);
      const fee = `服务费 ${costs.serviceFee}，配件费 ${costs.partsCost}，合计 ${costs.totalCost}`;
      await this.d.tickets.addLog(
        {
          ticketId: r.id,
          logType: 'resolve',
          logContent: `${status === 'resolved' ? '工单已解决' : '处理完成，待客户验收'}：${input.solution}（${fee}）`,
          attachmentUrls: input.attachmentUrls,
          createdBy: principal.userId,
          createdAt: now,
        },
        t,
      );
      const { parts: _parts, ...money } = costs;
      return { ticketId: r.id, status, resolvedAt: now.toISOString(), ...money };
    });
  }

  /** Resolved or awaiting acceptance → closed; still open → cancelled, which needs a note saying why. */
  async close(principal: Principal, id: number, input: TicketClose): Promise<TicketClosed> {
    return this.d.db.transaction(async (t) => {
      const r = await this.tickets.mustFind(id, scopeFor(principal), t);
      mustBeIn(r.status, CLOSABLE, '关闭');
      const outcome = closeOutcome(r.status);
      const note =
        outcome === 'cancelled'
          ? requireReason(input.closeNote, 'closeNote', '关闭未解决的工单（取消）请填写原因')
          : input.closeNote?.trim() || null;
      const now = this.d.clock.now();
      const won = await this.d.tickets.update(
        r.id,
        {
          status: outcome,
          closedAt: now,
          closedBy: principal.userId,
          closeNote: note,
          updatedBy: principal.userId,
          updatedAt: now,
        },
        t,
        { status: [r.status] },
      );
      if (!won) throw new AppError('TICKET_CHANGED');
      const head = outcome === 'closed' ? '工单已关闭' : '工单已取消';
      await this.d.tickets.addLog(
        {
          ticketId: r.id,
          logType: outcome === 'closed' ? 'close' : 'cancel',
          logContent: note ? `${head}：${note}` : head,
          createdBy: principal.userId,
          createdAt: now,
        },
        t,
      );
      return { ticketId: r.id, status: outcome, closedAt: now.toISOString() };
    });
  }

  /** 12.8: any ticket the caller sees, in any status (a follow-up visit after closing is still worth a line). */
  async addLog(principal: Principal, id: number, input: TicketLogCreate): Promise<TicketLog> {
    const log = await this.d.db.transaction(async (t) => {
      const r = await this.tickets.mustFind(id, scopeFor(principal), t);
      const now = this.d.clock.now();
      const logId = await this.d.tickets.addLog(
        {
          ticketId: r.id,
          logType: input.logType,
          logContent: input.logContent,
          attachmentUrls: input.attachmentUrls,
          createdBy: principal.userId,
          createdAt: now,
        },
        t,
      );
      if (RESPONSES.has(input.logType)) await this.d.tickets.markFirstResponse(r.id, now, t);
      return { id: logId, ticketId: r.id, ...input, createdBy: principal.userId, createdAt: now };
    });
    const names = await this.d.users.displayNames([principal.userId]);
    return toTicketLogDto(log, names.get(principal.userId) ?? null);
  }

  /**
   * 12.9: the customer's rating of work done, recorded once. The row decides: the UPDATE requires no rating yet, so a
   * second (or a concurrent) rating answers 409.
   */
  async rate(principal: Principal, id: number, input: TicketRating): Promise<TicketRated> {
    return this.d.db.transaction(async (t) => {
      const r = await this.tickets.mustFind(id, scopeFor(principal), t);
      if (r.customerRating !== null) throw new AppError('TICKET_ALREADY_RATED');
      mustBeIn(r.status, RATABLE, '评价（工单尚未处理完成）');
      const now = this.d.clock.now();
      const feedback = input.customerFeedback?.trim() || null;
      const won = await this.d.tickets.update(
        r.id,
        {
          customerRating: input.customerRating,
          customerFeedback: feedback,
          ratedAt: now,
          ratedBy: principal.userId,
          updatedBy: principal.userId,
          updatedAt: now,
        },
        t,
        { unrated: true, status: RATABLE },
      );
      if (!won) throw new AppError('TICKET_ALREADY_RATED');
      await this.d.tickets.addLog(
        {
          ticketId: r.id,
          logType: 'rate',
          logContent: `客户评价 ${input.customerRating} 分${feedback ? `：${feedback}` : ''}`,
          createdBy: principal.userId,
          createdAt: now,
        },
        t,
      );
      return {
        ticketId: r.id,
        customerRating: input.customerRating,
        customerFeedback: feedback,
        ratedAt: now.toISOString(),
      };
    });
  }
}
