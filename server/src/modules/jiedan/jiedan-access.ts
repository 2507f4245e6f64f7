import { AppError } from '../../http/app-error';
import { scopeFor, type DataScope, type Principal } from '../access/principal';

/**
 * Who is asking about bids: a factory user (its own factory's bids only), staff (bids on the orders of their data
 * scope), or nobody who may see any bid (a WeChat user without a factory).
 */
export type BidViewer = { kind: 'factory'; factoryId: number } | { kind: 'staff'; scope: DataScope } | { kind: 'none' };

export function viewerOf(p: Principal): BidViewer {
  if (p.userType === 'wechat')
    return p.factoryId === null ? { kind: 'none' } : { kind: 'factory', factoryId: p.factoryId };
  return { kind: 'staff', scope: scopeFor(p) };
}

/** The caller's factory when it may bid (a factory user with `jiedan.create`), else null. */
export function biddingFactoryOf(p: Principal): number | null {
  return p.userType === 'wechat' && p.factoryId !== null && p.permissions.has('jiedan.create') ? p.factoryId : null;
}

/** 001 rule 3: only factory users bid, change a bid's price or withdraw a bid. */
export function mustBeBiddingFactory(p: Principal, action = '进行接单操作'): number {
  const factoryId = biddingFactoryOf(p);
  if (factoryId === null) throw new AppError('FORBIDDEN', `只有工厂用户可以${action}`);
  return factoryId;
}

/** Staff who decide bids (`jiedan.approve`: store manager, purchaser, admin); their data scope. */
export function mustBeApprover(p: Principal): DataScope {
  if (p.userType !== 'staff' || !p.permissions.has('jiedan.approve')) {
    throw new AppError('FORBIDDEN', '只有具备接单审批权限的员工可以同意或拒绝接单');
  }
  return scopeFor(p);
}
