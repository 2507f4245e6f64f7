import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechat {
  baseUrl: string;
  /** Every jscode2session query received, for asserting what the client sent. */
  requests: URLSearchParams[];
  /** Every stable_token body received. */
  tokenCalls: { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean }[];
  /** Every subscribe/send received (with the token it carried), whatever the answer. */
  sends: { token: string; body: FakeSubscribeBody }[];
  /** The sends answered with errcode 0. */
  delivered(): FakeSubscribeBody[];
  /** Every token handed out so far is refused with 42001 (expired) from now on. */
  expireTokens(): void;
  /** stable_token answers after this many ms (default 30), so parallel refreshes overlap. */
  tokenDelayMs: number;
  /** expires_in of the tokens handed out (default 7200). */
  tokenExpiresIn: number;
  close(): Promise<void>;
}

export interface FakeSubscribeBody {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
}

/**
 * A fake WeChat API on 127.0.0.1 that behaves like jscode2session:
 *   good-<name>  → a stable openid (each code works once; the second use answers 40163)
 *   bad-*        → 40029 invalid code
 *   busy-*       → 45011 frequency limit
 *   blocked-*    → 40226 high-risk user
 *   slow-*       → answers after 2 s (longer than the client's timeout in tests)
 *   noopenid-*   → a success answer without a valid openid
 * and like `stable_token` (tokens `tok-<n>`, each new one after force_refresh or expiry) and
 * `message/subscribe/send`, whose answer depends on the template id:
 *   tpl-refused-*   → 43101 user refused      tpl-baddata-*  → 47003 data invalid
 *   tpl-slow-*      → answers after 2 s       tpl-hang-*     → never answers
 *   tpl-malformed-* → a body that is not JSON anything else → sent (msgid), unless the token is unknown or expired
 */
export async function startFakeWechat(): Promise<FakeWechat> {
  const used = new Set<string>();
  const requests: URLSearchParams[] = [];
  const tokenCalls: FakeWechat['tokenCalls'] = [];
  const sends: FakeWechat['sends'] = [];
  const accepted: FakeSubscribeBody[] = [];
  const live = new Set<string>();
  const expired = new Set<string>();
  let current: string | null = null;
  let tokens = 0;
  let msgids = 0;
  const state = { tokenDelayMs: 30, tokenExpiresIn: 7200 };

  const stableToken = (body: FakeWechat['tokenCalls'][number], reply: (b: unknown) => void) => {
    tokenCalls.push(body);
    if (body.grant_type !== 'client_credential' || !body.appid || !body.secret) {
      return reply({ errcode: 40013, errmsg: 'invalid appid' });
    }
    if (body.force_refresh || current === null || expired.has(current)) {
      current = `tok-${++tokens}`;
      live.add(current);
    }
    const token = current;
    setTimeout(() => reply({ access_token: token, expires_in: state.tokenExpiresIn }), state.tokenDelayMs);
  };

  const subscribeSend = (
    token: string,
    body: FakeSubscribeBody,
    reply: (b: unknown) => void,
    raw: (text: string) => void,
  ) => {
    sends.push({ token, body });
    if (!live.has(token)) return reply({ errcode: 40001, errmsg: 'invalid credential' });
    if (expired.has(token)) return reply({ errcode: 42001, errmsg: 'access_token expired' });
    const tpl = String(body.template_id);
    if (tpl.startsWith('tpl-hang-')) return;
    if (tpl.startsWith('tpl-slow-')) {
      setTimeout(() => {
        accepted.push(body);
        reply({ errcode: 0, errmsg: 'ok', msgid: ++msgids });
      }, 2000);
      return;
    }
    if (tpl.startsWith('tpl-malformed-')) return raw('{"errcode": 0, "msgid": ');
    if (tpl.startsWith('tpl-refused-')) return reply({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    if (tpl.startsWith('tpl-baddata-')) return reply({ errcode: 47003, errmsg: 'argument invalid! data.thing1.value' });
    accepted.push(body);
    return reply({ errcode: 0, errmsg: 'ok', msgid: ++msgids });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (body: unknown) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    const raw = (text: string) => {
      res.setHeader('content-type', 'application/json');
      res.end(text);
    };
    if (
      req.method === 'POST' &&
      (url.pathname === '/cgi-bin/stable_token' || url.pathname === '/cgi-bin/message/subscribe/send')
    ) {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return reply({ errcode: 47001, errmsg: 'data format error' });
        }
        if (url.pathname === '/cgi-bin/stable_token')
          return stableToken(body as FakeWechat['tokenCalls'][number], reply);
        subscribeSend(url.searchParams.get('access_token') ?? '', body as unknown as FakeSubscribeBody, reply, raw);
      });
      return;
    }
    if (url.pathname !== '/sns/jscode2session') {
      res.statusCode = 404;
      return reply({ errcode: 404 });
    }
    requests.push(url.searchParams);
    const code = url.searchParams.get('js_code') ?? '';
    if (code.startsWith('slow-')) {
      setTimeout(() => reply({ errcode: 0, openid: 'oSlowUser00000000000' }), 2000);
      return;
    }
    if (code.startsWith('bad-')) return reply({ errcode: 40029, errmsg: 'invalid code' });
    if (code.startsWith('busy-')) return reply({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
    if (code.startsWith('blocked-')) return reply({ errcode: 40226, errmsg: 'high risk user' });
    if (code.startsWith('noopenid-')) return reply({ session_key: 'sk', openid: 'x' });
    if (code.startsWith('good-')) {
      if (used.has(code)) return reply({ errcode: 40163, errmsg: 'code been used' });
      used.add(code);
      const name = code.slice(5).split('.')[0];
      return reply({ openid: `oFake_${name}_0123456789`, session_key: 'SECRET_SESSION_KEY_should_never_leak' });
    }
    return reply({ errcode: 40029, errmsg: 'invalid code' });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    tokenCalls,
    sends,
    delivered: () => [...accepted],
    expireTokens: () => {
      for (const token of live) expired.add(token);
    },
    get tokenDelayMs() {
      return state.tokenDelayMs;
    },
    set tokenDelayMs(ms: number) {
      state.tokenDelayMs = ms;
    },
    get tokenExpiresIn() {
      return state.tokenExpiresIn;
    },
    set tokenExpiresIn(sec: number) {
      state.tokenExpiresIn = sec;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
