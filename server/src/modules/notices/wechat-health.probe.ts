import type { ServiceHealth } from '@app/shared';
import type { WechatMessenger } from '../../integrations/wechat/wechat-message.client';

/**
 * The `wechat` part of the health check: the login client's recent failures and whether an access_token can be
 * had (mock mode: healthy). The answer is kept `ttlMs`, so a health check every second costs WeChat nothing.
 */
export class WechatHealthProbe {
  private last: { at: number; value: ServiceHealth } | null = null;
  private pending: Promise<ServiceHealth> | null = null;

  constructor(
    private readonly messenger: Pick<WechatMessenger, 'probe'>,
    private readonly login: { health(): ServiceHealth },
    private readonly now: () => number,
    private readonly ttlMs = 10_000,
  ) {}

  async health(): Promise<ServiceHealth> {
    if (this.last && this.now() - this.last.at < this.ttlMs) return this.last.value;
    this.pending ??= this.check().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async check(): Promise<ServiceHealth> {
    const token = await this.messenger.probe().catch((): ServiceHealth => 'unhealthy');
    // WeChat down degrades the system (logins and notices), it does not take it down.
    const value: ServiceHealth = token !== 'healthy' ? 'degraded' : this.login.health();
    this.last = { at: this.now(), value };
    return value;
  }
}
