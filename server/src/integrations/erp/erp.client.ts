import type { ServiceHealth } from '@app/shared';

/**
 * The ERP boundary of 003. The `local` adapter reads this system's own orders; the ERP module adds
 * the order-reading methods and the `http` adapter. Here: its health, for /api/health/check.
 */
export interface ErpClient {
  readonly mode: 'local' | 'http';
  health(): Promise<ServiceHealth>;
}

export class LocalErpClient implements ErpClient {
  readonly mode = 'local' as const;

  constructor(private readonly databaseHealthy: () => Promise<boolean>) {}

  async health(): Promise<ServiceHealth> {
    return (await this.databaseHealthy()) ? 'healthy' : 'unhealthy';
  }
}
