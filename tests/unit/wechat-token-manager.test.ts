import type { JobLock } from '@app/server/src/jobs/job-lock';
import {
  AccessTokenManager,
  type StoredToken,
  type TokenSource,
  type TokenStore,
} from '@app/server/src/integrations/wechat/wechat-token.manager';
import { LiveWechatMessenger, type SendOutcome } from '@app/server/src/integrations/wechat/wechat-message.client';
import { FakeClock } from '../fakes/fake-clock';
import { deferred } from '../fakes/deferred';

/** A store shared by several managers, as Redis or the database is shared by several instances. */
class MemoryStore implements TokenStore {
  value: StoredToken | null = null;
  async read() {
    return this.value;
  }
  async write(t: StoredToken) {
    this.value = t;
  }
}

/** One lease per name, as Redis SET NX gives it. */
class MemoryLock implements JobLock {
  private readonly held = new Map<string, string>();
  private n = 0;
  async acquire(name: string) {
    if (this.held.has(name)) return null;
    const token = `lease-${++this.n}`;
    this.held.set(name, token);
    return token;
  }
  async release(name: string, token: string) {
    if (this.held.get(name) === token) this.held.delete(name);
  }
}

/** stable_token: each call hands out a new token after `delayMs`, valid for `expiresInSec`. */
class CountingSource implements TokenSource {
  calls: boolean[] = [];
  expiresInSec = 7200;
  async fetchToken(forceRefresh: boolean) {
    this.calls.push(forceRefresh);
    await new Promise((r) => setTimeout(r, 5));
    return { token: `t${this.calls.length}`, expiresInSec: this.expiresInSec };
  }
}

describe(AccessTokenManager.name, () => {
  const start = Date.parse('2026-03-02T00:00:00Z');
  let clock: FakeClock;
  let source: CountingSource;
  let store: MemoryStore;
  let lock: MemoryLock;
  const manager = () => new AccessTokenManager({ source, store, lock, now: () => clock.now().getTime(), pollMs: 1 });

  beforeEach(() => {
    clock = new FakeClock(start);
    source = new CountingSource();
    store = new MemoryStore();
    lock = new MemoryLock();
  });

  it('keeps one token until 5 minutes before it expires, then refreshes it once', async () => {
    const m = manager();
    expect(await m.get()).toBe('t1');
    clock.advance(7200_000 - 5 * 60_000 - 1);
    expect(await m.get()).toBe('t1');
    expect(source.calls).toEqual([false]);
    clock.advance(2);
    expect(await m.get()).toBe('t2');
    expect(source.calls).toEqual([false, false]);
    expect(store.value).toEqual({ token: 't2', expiresAt: clock.now().getTime() + 7200_000 });
  });

  it('refreshes an expired token once for 50 parallel callers (single flight)', async () => {
    const m = manager();
    await m.get();
    clock.advance(7200_000);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => m.get()));
    expect(new Set(tokens)).toEqual(new Set(['t2']));
    expect(source.calls).toHaveLength(2);
  });

  it('lets a second instance read the token the first one fetched instead of fetching its own', async () => {
    const [a, b] = [manager(), manager()];
    const [ta, tb] = await Promise.all([a.get(), b.get()]);
    expect(ta).toBe('t1');
    expect(tb).toBe('t1');
    expect(source.calls).toHaveLength(1);
  });

  it('waits for the instance holding the lease, then takes its token from the store', async () => {
    const held = await lock.acquire('wechat-access-token');
    const m = manager();
    const pending = m.get();
    await new Promise((r) => setTimeout(r, 5));
    store.value = { token: 'from-other-instance', expiresAt: clock.now().getTime() + 7200_000 };
    expect(await pending).toBe('from-other-instance');
    expect(source.calls).toHaveLength(0);
    await lock.release('wechat-access-token', held ?? '');
  });

  it('fetches with force_refresh once when WeChat refuses the token, for every caller that saw the refusal', async () => {
    const m = manager();
    const refused = await m.get();
    const next = await Promise.all(Array.from({ length: 20 }, () => m.refuse(refused)));
    expect(new Set(next)).toEqual(new Set(['t2']));
    expect(source.calls).toEqual([false, true]);
    // A late caller that still holds the refused token gets the new one without another fetch.
    expect(await m.refuse(refused)).toBe('t2');
    expect(source.calls).toHaveLength(2);
  });

  it('fails the callers of a failed refresh and tries again on the next call', async () => {
    const failing = deferred<never>();
    const flaky: TokenSource = { fetchToken: () => failing.promise };
    const m = new AccessTokenManager({ source: flaky, store, lock, now: () => clock.now().getTime() });
    const calls = [m.get(), m.get()];
    failing.reject(new Error('down'));
    await expect(Promise.all(calls)).rejects.toThrow('down');
    const ok = new AccessTokenManager({ source, store, lock, now: () => clock.now().getTime() });
    expect(await ok.get()).toBe('t1');
  });
});

describe(LiveWechatMessenger.name, () => {
  const message = { touser: 'oUser', template_id: 'tpl', data: { thing1: { value: '你好' } } };

  function setup(answers: SendOutcome[]) {
    const used: string[] = [];
    const api = {
      sendSubscribe: async (token: string) => {
        used.push(token);
        return answers.shift() ?? { errcode: 0, errmsg: 'ok', msgid: '1' };
      },
    };
    const refused: string[] = [];
    const tokens = {
      get: async () => 'old',
      refuse: async (t: string) => {
        refused.push(t);
        return 'new';
      },
    };
    return { messenger: new LiveWechatMessenger(api, tokens), used, refused };
  }

  it.each([40001, 42001])('refreshes once and sends once more after %d', async (errcode) => {
    const s = setup([{ errcode, errmsg: 'token', msgid: null }]);
    expect(await s.messenger.send(message)).toEqual({ errcode: 0, errmsg: 'ok', msgid: '1' });
    expect(s.used).toEqual(['old', 'new']);
    expect(s.refused).toEqual(['old']);
  });

  it('does not retry a second time when the fresh token is refused too', async () => {
    const refusal = { errcode: 40001, errmsg: 'invalid credential', msgid: null };
    const s = setup([refusal, { ...refusal }]);
    expect((await s.messenger.send(message)).errcode).toBe(40001);
    expect(s.used).toEqual(['old', 'new']);
  });

  it('hands 43101 back to the caller without a refresh', async () => {
    const s = setup([{ errcode: 43101, errmsg: 'user refuse', msgid: null }]);
    expect((await s.messenger.send(message)).errcode).toBe(43101);
    expect(s.refused).toEqual([]);
  });
});
