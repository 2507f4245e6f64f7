import type { ErpOrderStatus, ErpOrderSummary, ServiceHealth } from '@app/shared';

/** A JSON object as the ERP answers it: passed through to the client as it comes (003 "原样透传"). */
export type ErpObject = Record<string, unknown>;

/** One page of a company's orders. */
export interface ErpOrderPage {
  orders: ErpOrderSummary[];
  total: number;
}

export interface ErpOrderSearch {
  /** The bound company (this system's customer id; the ERP's customer id in `http` mode). */
  customerId: string;
  keyword?: string;
  status?: ErpOrderStatus;
  page: number;
  pageSize: number;
}

export interface ErpCompany {
  /** The company's code (this system's customerCode). */
  companyId: string;
  companyName: string;
  customerId: string;
  /** The company's current WeChat invite code ("微信邀请码"), which a binding must match. */
  inviteCode: string;
}

/** The ERP failed to answer usably (down, slow, open circuit, malformed or oversized answer). */
export class ErpUnavailableError extends Error {
  constructor(
    message: string,
    /** 'unavailable': unreachable, timed out or circuit open (503); 'bad_answer': it answered wrongly (502). */
    readonly kind: 'unavailable' | 'bad_answer',
  ) {
    super(message);
    this.name = 'ErpUnavailableError';
  }
}

/**
 * The ERP boundary of 003. Every read is scoped to one company: an object of another company is
 * `null`, the same as a missing one. Adapters: `LocalErpClient` (this system's own orders) and
 * `HttpErpClient` (an external ERP).
 */
export interface ErpClient {
  readonly mode: 'local' | 'http';
  health(): Promise<ServiceHealth>;
  searchOrders(query: ErpOrderSearch): Promise<ErpOrderPage>;
  orderStatus(customerId: string, orderId: string): Promise<ErpObject | null>;
  orderMaterials(customerId: string, orderId: string): Promise<ErpObject | null>;
  materialProgress(customerId: string, materialId: string): Promise<ErpObject | null>;
  /** The company whose WeChat invite code ("微信邀请码") this is, for binding. */
  findCompanyByInviteCode(inviteCode: string): Promise<ErpCompany | null>;
}

/** What the local adapter reads: this system's orders, lines and progress (the ERP module's repository). */
export interface LocalErpSource {
  searchOrders(query: ErpOrderSearch): Promise<ErpOrderPage>;
  orderStatus(customerId: number, orderId: number): Promise<ErpObject | null>;
  orderMaterials(customerId: number, orderId: number): Promise<ErpObject | null>;
  materialProgress(customerId: number, materialId: number): Promise<ErpObject | null>;
  findCompanyByInviteCode(inviteCode: string): Promise<ErpCompany | null>;
}

/** A positive integer id, or null for anything else (which then is "not found" in this system). */
const localId = (raw: string): number | null => (/^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null);

export class LocalErpClient implements ErpClient {
  readonly mode = 'local' as const;

  constructor(
    private readonly databaseHealthy: () => Promise<boolean>,
    private readonly source: LocalErpSource | null = null,
  ) {}

  async health(): Promise<ServiceHealth> {
    return (await this.databaseHealthy()) ? 'healthy' : 'unhealthy';
  }

  searchOrders(query: ErpOrderSearch): Promise<ErpOrderPage> {
    return this.use().searchOrders(query);
  }

  orderStatus(customerId: string, orderId: string): Promise<ErpObject | null> {
    return this.byIds(customerId, orderId, (c, o) => this.use().orderStatus(c, o));
  }

  orderMaterials(customerId: string, orderId: string): Promise<ErpObject | null> {
    return this.byIds(customerId, orderId, (c, o) => this.use().orderMaterials(c, o));
  }

  materialProgress(customerId: string, materialId: string): Promise<ErpObject | null> {
    return this.byIds(customerId, materialId, (c, m) => this.use().materialProgress(c, m));
  }

  findCompanyByInviteCode(inviteCode: string): Promise<ErpCompany | null> {
    return this.use().findCompanyByInviteCode(inviteCode);
  }

  private async byIds(
    customerId: string,
    id: string,
    read: (customerId: number, id: number) => Promise<ErpObject | null>,
  ): Promise<ErpObject | null> {
    const [c, i] = [localId(customerId), localId(id)];
    return c === null || i === null ? null : read(c, i);
  }

  private use(): LocalErpSource {
    if (!this.source) throw new Error('LocalErpClient has no order source');
    return this.source;
  }
}
