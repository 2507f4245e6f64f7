import type { JiedanDetail, JiedanListItem, JiedanPage, JiedanPageQuery, JiedanStatistics } from '@app/shared';
import { AppError } from '../../http/app-error';
import { scopeFor, type Principal } from '../access/principal';
import { viewerOf, type BidViewer } from './jiedan-access';
import type { JiedanDeps } from './jiedan-deps';
import { toJiedanDetail, toJiedanListItem } from './jiedan.mapper';
import { closedReason, type JiedanRecord } from './jiedan-records';

/**
 * 001 §2-4 and §9: reading bids. A factory user sees only its own factory's bids (another's answers 404, as if
 * missing); staff with `jiedan.read` see the bids on orders of their data scope.
 */
export class JiedanQueryService {
  constructor(private readonly d: JiedanDeps) {}

  /** A live bid the caller may see, else JIEDAN_NOT_FOUND. */
  async visibleBid(viewer: BidViewer, id: number): Promise<JiedanRecord> {
    if (viewer.kind === 'none') throw new AppError('JIEDAN_NOT_FOUND');
    const factoryId = viewer.kind === 'factory' ? viewer.factoryId : undefined;
    const bid = await this.d.bids.findById(id, { factoryId });
    if (!bid) throw new AppError('JIEDAN_NOT_FOUND');
    if (viewer.kind === 'staff' && !(await this.d.orders.visible(bid.orderId, viewer.scope))) {
      throw new AppError('JIEDAN_NOT_FOUND');
    }
    return bid;
  }

  /** §2 详情, with `order` (id, title, description) and `factory` (user_id, company_name). */
  async get(p: Principal, id: number): Promise<JiedanDetail> {
    const bid = await this.visibleBid(viewerOf(p), id);
    const [orders, names] = await Promise.all([
      this.d.orders.summaries([bid.orderId]),
      this.d.factories.namesOf([bid.factoryId]),
    ]);
    return toJiedanDetail(bid, orders, names);
  }

  /**
   * §3 an order's bids, in the order they were placed. Staff: every live bid of an order in their scope. A factory:
   * its own bids on the order; an order it has not bid on is shown (empty) only while it takes bids or when the
   * factory supplies it, else it answers 404 like a missing one.
   */
  async listForOrder(p: Principal, orderId: number): Promise<JiedanListItem[]> {
    const viewer = viewerOf(p);
    let bids: JiedanRecord[];
    if (viewer.kind === 'staff') {
      if (!(await this.d.orders.visible(orderId, viewer.scope))) throw new AppError('ORDER_NOT_FOUND');
      bids = await this.d.bids.listForOrder(orderId);
    } else if (viewer.kind === 'factory') {
      bids = await this.d.bids.listForOrder(orderId, viewer.factoryId);
      if (bids.length === 0 && !(await this.factoryMaySee(orderId, viewer.factoryId))) {
        throw new AppError('ORDER_NOT_FOUND');
      }
    } else throw new AppError('ORDER_NOT_FOUND');
    return this.listItems(bids);
  }

  /** §4 a factory's bids, newest first, paged with 001's own field names. */
  async pageForFactory(p: Principal, factoryId: number, q: JiedanPageQuery): Promise<JiedanPage> {
    const salesId = await this.factoryScope(p, factoryId);
    const { rows, total } = await this.d.bids.pageForFactory(factoryId, q, salesId);
    return { total, page: q.page, page_size: q.pageSize, jiedans: await this.listItems(rows) };
  }

  /** §9 the factory's live bids per status. */
  async statistics(p: Principal, factoryId: number): Promise<JiedanStatistics> {
    await this.factoryScope(p, factoryId);
    return this.d.bids.statistics(factoryId);
  }

  /**
   * The factory must be visible to the caller, the same rule as GET /api/factories/:id (a factory user: only its
   * own; staff without `data.all`: none), else 404 FACTORY_NOT_FOUND. Answers the salesperson whose orders narrow
   * the bids, if the caller's scope is "own records".
   */
  private async factoryScope(p: Principal, factoryId: number): Promise<number | undefined> {
    const scope = scopeFor(p);
    if (!(await this.d.factories.findById(factoryId, scope))) throw new AppError('FACTORY_NOT_FOUND');
    return scope.kind === 'owner' ? scope.userId : undefined;
  }

  private async factoryMaySee(orderId: number, factoryId: number): Promise<boolean> {
    const order = await this.d.orders.facts(orderId, null, 'none');
    if (!order) return false;
    return closedReason(order) === null || (await this.d.orders.suppliedBy(orderId, factoryId));
  }

  /** List rows with their order titles and factory names: two batched reads, however many rows. */
  private async listItems(bids: JiedanRecord[]): Promise<JiedanListItem[]> {
    const [orders, names] = await Promise.all([
      this.d.orders.summaries(bids.map((b) => b.orderId)),
      this.d.factories.namesOf(bids.map((b) => b.factoryId)),
    ]);
    return bids.map((b) => toJiedanListItem(b, orders, names));
  }
}
