import {
  ASSIGNABLE,
  CLOSABLE,
  EDITABLE,
  RATABLE,
  RESOLVABLE,
  assignKind,
  closeOutcome,
  mustBeIn,
  requireReason,
  resolveCosts,
} from '@app/server/src/modules/tickets/ticket-rules';
import { TICKET_STATUSES, type TicketStatus } from '@app/shared';
import { appErrorThrownBy } from './support/app-error';

const allowed = (set: readonly TicketStatus[]) => TICKET_STATUSES.filter((s) => set.includes(s));

describe('ticket state rules', () => {
  it('lets only open tickets be edited, assigned or transferred', () => {
    expect(allowed(EDITABLE)).toEqual(['pending', 'in_progress', 'pending_acceptance']);
    expect(allowed(ASSIGNABLE)).toEqual(['pending', 'in_progress', 'pending_acceptance']);
  });

  it('resolves only assigned work in progress', () => {
    expect(allowed(RESOLVABLE)).toEqual(['in_progress']);
  });

  it('rates only work that was done', () => {
    expect(allowed(RATABLE)).toEqual(['pending_acceptance', 'resolved', 'closed']);
  });

  it('closes resolved or accepted work and cancels open tickets; closed and cancelled are final', () => {
    expect(allowed(CLOSABLE)).toEqual(['pending', 'in_progress', 'pending_acceptance', 'resolved']);
    expect(closeOutcome('resolved')).toBe('closed');
    expect(closeOutcome('pending_acceptance')).toBe('closed');
    expect(closeOutcome('pending')).toBe('cancelled');
    expect(closeOutcome('in_progress')).toBe('cancelled');
  });

  it('answers 422 TICKET_WRONG_STATE for an action the status does not allow', () => {
    const err = appErrorThrownBy(() => mustBeIn('closed', RESOLVABLE, '解决'));
    expect(err.code).toBe('TICKET_WRONG_STATE');
    expect(err.status).toBe(422);
    expect(() => mustBeIn('in_progress', RESOLVABLE, '解决')).not.toThrow();
  });

  it('calls a first assignment an assignment and any later one a transfer', () => {
    expect(assignKind(null)).toBe('assign');
    expect(assignKind(10)).toBe('transfer');
  });

  it('requires a non-blank reason, naming the field', () => {
    const err = appErrorThrownBy(() => requireReason('  ', 'assignReason', '请填写转派原因'));
    expect(err.code).toBe('TICKET_REASON_REQUIRED');
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ field: 'assignReason', message: '请填写转派原因' }]);
    expect(requireReason(' 区域调整 ', 'assignReason', 'x')).toBe('区域调整');
  });
});

describe(resolveCosts.name, () => {
  const part = (unitCost: string, quantity: number) => ({ partName: '配件', unitCost, quantity });

  it('adds exact cents: 3 × 0.10 + 0.20 is 0.50, not 0.5000000001', () => {
    const costs = resolveCosts({ serviceFee: '0.20', replacedParts: [part('0.10', 3)] }, false);
    expect(costs).toMatchObject({ partsCost: '0.30', totalCost: '0.50', paymentStatus: 'unpaid' });
    expect(costs.parts[0]).toEqual({
      partName: '配件',
      partCode: null,
      quantity: 3,
      unitCost: '0.10',
      subtotal: '0.30',
    });
  });

  it('accepts a partsCost equal to the parts and refuses one that is not (400 naming partsCost)', () => {
    const parts = [part('800.00', 1), part('33.33', 3)];
    expect(resolveCosts({ serviceFee: '0.00', partsCost: '899.99', replacedParts: parts }, true)).toMatchObject({
      partsCost: '899.99',
      totalCost: '899.99',
    });
    const err = appErrorThrownBy(() =>
      resolveCosts({ serviceFee: '0.00', partsCost: '900.00', replacedParts: parts }, true),
    );
    expect(err.code).toBe('TICKET_COST_MISMATCH');
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ field: 'partsCost', message: '应为 899.99' }]);
  });

  it('takes a partsCost without a parts list as given', () => {
    expect(resolveCosts({ serviceFee: '150.00', partsCost: '800.00', replacedParts: [] }, false)).toMatchObject({
      partsCost: '800.00',
      totalCost: '950.00',
      paymentStatus: 'unpaid',
    });
  });

  it('waives the charge under warranty or when there is nothing to charge', () => {
    expect(resolveCosts({ serviceFee: '0.00', partsCost: '800.00', replacedParts: [] }, true).paymentStatus).toBe(
      'waived',
    );
    expect(resolveCosts({ serviceFee: '0.00', replacedParts: [] }, false)).toMatchObject({
      partsCost: '0.00',
      totalCost: '0.00',
      paymentStatus: 'waived',
    });
  });
});
