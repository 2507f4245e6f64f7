/** How many orders' companies are remembered (an order's company never changes). */
const MAX_REMEMBERED = 50_000;

/**
 * A version per company of what the `local` adapter reads, in the ERP cache keys: when an order (its row, lines or
 * progress posts) changes, here or on another instance, its company's version moves on and the answers cached
 * under the old one are never read again. So a customer opening the order a notice points at sees the new progress,
 * not a 30-second-old answer. With an external ERP (`http`) nothing here changes: it has its own data.
 */
export class CompanyGenerations {
  private readonly versions = new Map<string, number>();
  private all = 0;
  private readonly companyOfOrder = new Map<number, string>();

  constructor(private readonly lookup: (orderId: number) => Promise<string | null>) {}

  /** The version to put in the cache keys of this company's answers. */
  of(customerId: string): string {
    return `${this.all}.${this.versions.get(customerId) ?? 0}`;
  }

  /** An order changed (undefined: some orders, unknown which). */
  orderChanged(orderId: number | undefined): void {
    if (orderId === undefined) {
      this.all += 1;
      return;
    }
    const known = this.companyOfOrder.get(orderId);
    if (known !== undefined) {
      this.bump(known);
      return;
    }
    // The first change of this order seen here: find its company. A read that raced with the change keyed its answer
    // with the version before the bump, so it is not read again (writes drop again after commit, bumping again).
    void this.lookup(orderId).then(
      (customerId) => {
        if (customerId === null) return;
        if (this.companyOfOrder.size >= MAX_REMEMBERED) this.companyOfOrder.clear();
        this.companyOfOrder.set(orderId, customerId);
        this.bump(customerId);
      },
      () => undefined,
    );
  }

  private bump(customerId: string): void {
    this.versions.set(customerId, (this.versions.get(customerId) ?? 0) + 1);
  }
}
