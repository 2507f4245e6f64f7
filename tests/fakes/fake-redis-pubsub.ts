import type { Redis } from 'ioredis';

/** The part of an ioredis client that publishes principal invalidations: `status` and `publish`. */
export interface FakePublisher {
  published: Array<{ channel: string; message: string }>;
  /** ioredis' connection status; only `ready` clients publish. */
  setStatus(status: string): void;
  client: Redis;
}

export function fakePublisher(status = 'ready'): FakePublisher {
  const published: Array<{ channel: string; message: string }> = [];
  const fake = {
    status,
    publish: async (channel: string, message: string) => {
      published.push({ channel, message });
      return 1;
    },
  };
  return {
    published,
    setStatus: (s) => {
      fake.status = s;
    },
    client: fake as unknown as Redis,
  };
}

/** The part of an ioredis client that receives invalidations: `on('message')`, `subscribe`, `quit`. */
export interface FakeSubscriber {
  channels: string[];
  quitCalls: number;
  /** Delivers a message as Redis would. */
  deliver(channel: string, message: string): void;
  client: Redis;
}

export function fakeSubscriber(): FakeSubscriber {
  const listeners: Array<(channel: string, message: string) => void> = [];
  const state: FakeSubscriber = {
    channels: [],
    quitCalls: 0,
    deliver: (channel, message) => listeners.forEach((l) => l(channel, message)),
    client: undefined as unknown as Redis,
  };
  const fake = {
    on(event: string, listener: (channel: string, message: string) => void) {
      if (event === 'message') listeners.push(listener);
      return fake;
    },
    async subscribe(channel: string) {
      state.channels.push(channel);
      return state.channels.length;
    },
    async quit() {
      state.quitCalls += 1;
      return 'OK';
    },
  };
  state.client = fake as unknown as Redis;
  return state;
}
