import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechat {
  baseUrl: string;
  /** Every jscode2session query received, for asserting what the client sent. */
  requests: URLSearchParams[];
  close(): Promise<void>;
}

/**
 * A fake WeChat API on 127.0.0.1 that behaves like jscode2session:
 *   good-<name>  → a stable openid (each code works once; the second use answers 40163)
 *   bad-*        → 40029 invalid code
 *   busy-*       → 45011 frequency limit
 *   blocked-*    → 40226 high-risk user
 *   slow-*       → answers after 2 s (longer than the client's timeout in tests)
 *   noopenid-*   → a success answer without a valid openid
 */
export async function startFakeWechat(): Promise<FakeWechat> {
  const used = new Set<string>();
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (body: unknown) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
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
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
