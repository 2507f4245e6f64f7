import type { Transaction } from 'sequelize';
import { LEAD_STAGES } from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import type { CrmDeps } from './crm-deps';
import type { CustomerRecord } from './customers.repository';

export const isLeadStage = (stage: string): boolean => (LEAD_STAGES as readonly string[]).includes(stage);

export interface LoadOptions {
  /** Leads endpoints (004 §5) address customers in the lead stages only; others answer "线索不存在". */
  leadOnly?: boolean;
}

const notFound = (o: LoadOptions) => new AppError(o.leadOnly ? 'LEAD_NOT_FOUND' : 'CUSTOMER_NOT_FOUND');

/** A customer the caller may read: their own, the pool (sales), or any (data.all). Foreign ones look missing. */
export async function loadVisible(
  d: CrmDeps,
  principal: Principal,
  id: number,
  o: LoadOptions = {},
  t?: Transaction,
): Promise<CustomerRecord> {
  const row = await d.customers.find(id, scopeFor(principal), 'visible', t);
  if (!row || (o.leadOnly && !isLeadStage(row.customerStage))) throw notFound(o);
  return row;
}

/**
 * A customer the caller may change, locked for the rest of the transaction. A pool lead is visible to sales
 * but theirs to change only after they claim it.
 */
export async function loadForWrite(
  d: CrmDeps,
  principal: Principal,
  id: number,
  t: Transaction,
  o: LoadOptions = {},
): Promise<CustomerRecord> {
  const scope = scopeFor(principal);
  const row = await d.customers.find(id, scope, 'visible', t, true);
  if (!row || (o.leadOnly && !isLeadStage(row.customerStage))) throw notFound(o);
  if (scope.kind !== 'all' && row.ownerId === null) throw new AppError('LEAD_IN_POOL');
  return row;
}

/** A new owner must be an active staff user. */
export async function assertOwner(d: CrmDeps, ownerId: number, field: string): Promise<void> {
  const user = await d.users.findById(ownerId);
  if (!user || user.userType !== 'staff' || !user.isActive)
    throw new AppError('OWNER_INVALID', `负责人不存在或已停用：${ownerId}`, { field });
}

/** Who owns a new lead without an `ownerId`: the salesperson who enters it, else (media, import) the public pool. */
export function leadCreateOptions(principal: Principal): {
  defaultOwner: 'creator' | 'pool';
  assignPermission: string;
} {
  return {
    defaultOwner: principal.permissions.has('leads.update') ? 'creator' : 'pool',
    assignPermission: 'leads.assign',
  };
}
