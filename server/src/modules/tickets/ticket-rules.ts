import type { ReplacedPart, TicketPaymentStatus, TicketStatus } from '@app/shared';
import { AppError } from '../../http/app-error';
import { fromCents, multiplyMoney, toCents } from '../../platform/money';

/** Statuses in which the ticket's facts (priority, description, …) may still change. */
export const EDITABLE: readonly TicketStatus[] = ['pending', 'in_progress', 'pending_acceptance'];
/** Assign (pending) or transfer (in progress; or back to work when the customer did not accept). */
export const ASSIGNABLE: readonly TicketStatus[] = ['pending', 'in_progress', 'pending_acceptance'];
/** Work is resolved by whoever holds it: the ticket must be assigned first. */
export const RESOLVABLE: readonly TicketStatus[] = ['in_progress'];
/** The customer rates work that was done. */
export const RATABLE: readonly TicketStatus[] = ['resolved', 'pending_acceptance', 'closed'];
/** Close: resolved or accepted work ends `closed`; an open ticket closed without resolution ends `cancelled`. */
export const CLOSABLE: readonly TicketStatus[] = ['pending', 'in_progress', 'pending_acceptance', 'resolved'];

export function mustBeIn(status: TicketStatus, allowed: readonly TicketStatus[], action: string): void {
  if (!allowed.includes(status)) {
    throw new AppError('TICKET_WRONG_STATE', `工单状态为 ${status}，不能${action}`);
  }
}

/** What a close does from each status. */
export function closeOutcome(status: TicketStatus): 'closed' | 'cancelled' {
  return status === 'resolved' || status === 'pending_acceptance' ? 'closed' : 'cancelled';
}

/** `assign` for the first handler, `transfer` when someone already holds the ticket (a reason is then required). */
export function assignKind(currentAssignee: number | null): 'assign' | 'transfer' {
  return currentAssignee === null ? 'assign' : 'transfer';
}

export interface ResolvedCosts {
  serviceFee: string;
  partsCost: string;
  totalCost: string;
  paymentStatus: TicketPaymentStatus;
  parts: { partName: string; partCode: string | null; quantity: number; unitCost: string; subtotal: string }[];
}

/**
 * Exact costs of a resolution: each part's subtotal is unitCost × quantity; partsCost, when given, must equal their
 * sum (with no parts listed it stands alone); total = service fee + parts. Under warranty the customer pays nothing.
 */
export function resolveCosts(
  input: { serviceFee: string; partsCost?: string; replacedParts: readonly ReplacedPart[] },
  underWarranty: boolean,
): ResolvedCosts {
  const parts = input.replacedParts.map((p) => ({
    partName: p.partName,
    partCode: p.partCode ?? null,
    quantity: p.quantity,
    unitCost: p.unitCost,
    subtotal: multiplyMoney(p.unitCost, p.quantity),
  }));
  const sum = parts.reduce((acc, p) => acc + toCents(p.subtotal), 0n);
  let partsCents = sum;
  if (input.partsCost !== undefined) {
    partsCents = toCents(input.partsCost);
    if (parts.length > 0 && partsCents !== sum) {
      throw new AppError(
        'TICKET_COST_MISMATCH',
        `配件费用 ${input.partsCost} 与配件明细合计 ${fromCents(sum)} 不一致`,
        [{ field: 'partsCost', message: `应为 ${fromCents(sum)}` }],
      );
    }
  }
  const total = toCents(input.serviceFee) + partsCents;
  return {
    serviceFee: input.serviceFee,
    partsCost: fromCents(partsCents),
    totalCost: fromCents(total),
    paymentStatus: underWarranty || total === 0n ? 'waived' : 'unpaid',
    parts,
  };
}

/** A reason the rule requires but the body left out: 400 naming the field. */
export function requireReason(value: string | undefined, field: string, message: string): string {
  const v = value?.trim() ?? '';
  if (v === '') throw new AppError('TICKET_REASON_REQUIRED', message, [{ field, message }]);
  return v;
}
