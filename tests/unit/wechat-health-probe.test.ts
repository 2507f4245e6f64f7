import type { ServiceHealth } from '@app/shared';
import { WechatHealthProbe } from '@app/server/src/modules/notices/wechat-health.probe';

describe(WechatHealthProbe.name, () => {
  let now = 0;
  let probes = 0;
  let answer: ServiceHealth = 'healthy';
  const messenger = {
    probe: async (): Promise<ServiceHealth> => {
      probes += 1;
      return answer;
    },
  };
  const login = { health: (): ServiceHealth => 'healthy' };

  beforeEach(() => {
    now = 1_000_000;
    probes = 0;
    answer = 'healthy';
  });

  it('keeps its answer for the TTL, and asks once for parallel checks', async () => {
    const probe = new WechatHealthProbe(messenger, login, () => now, 10_000);
    expect(await Promise.all([probe.health(), probe.health(), probe.health()])).toEqual(Array(3).fill('healthy'));
    expect(probes).toBe(1);
    now += 9_999;
    answer = 'unhealthy';
    expect(await probe.health()).toBe('healthy');
    now += 2;
    expect(await probe.health()).toBe('degraded');
    expect(probes).toBe(2);
  });

  it('is degraded when the token cannot be had or the login client failed recently', async () => {
    answer = 'unhealthy';
    expect(await new WechatHealthProbe(messenger, login, () => now).health()).toBe('degraded');
    answer = 'healthy';
    const failingLogin = { health: (): ServiceHealth => 'degraded' };
    expect(await new WechatHealthProbe(messenger, failingLogin, () => now).health()).toBe('degraded');
    const throwing = { probe: () => Promise.reject(new Error('down')) };
    expect(await new WechatHealthProbe(throwing, login, () => now).health()).toBe('degraded');
  });
});
