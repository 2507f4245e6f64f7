import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fake answers every request from now on. */
export type FakeErpMode = 'ok' | 'fail' | 'slow' | 'hang' | 'malformed' | 'redirect' | 'huge';

export interface FakeErp {
  baseUrl: string;
  mode: FakeErpMode;
  /** Delay of the 'slow' mode. */
  slowMs: number;
  /** Every request received: path with query, and the authorization header. */
  requests: { path: string; authorization: string | undefined }[];
  /** The ERP's companies by any invite code they ever had, each with its current code ("微信邀请码"). */
  companies: Map<string, FakeErpCompany>;
  close(): Promise<void>;
}

export interface FakeErpCompany {
  companyId: string;
  companyName: string;
  customerId: string;
  inviteCode: string;
}

const envelope = (data: unknown) => JSON.stringify({ success: true, message: '查询成功', data });

/** The ERP's own objects (with fields our local adapter does not have, so pass-through is visible). */
function answer(path: string, companies: Map<string, FakeErpCompany>): { status: number; body: string } {
  const url = new URL(path, 'http://erp.invalid');
  const parts = url.pathname.split('/').filter(Boolean);
  if (url.pathname === '/health') return { status: 200, body: JSON.stringify({ status: 'ok' }) };
  if (url.pathname === '/orders/search') {
    const customerId = url.searchParams.get('customerId');
    return {
      status: 200,
      body: envelope({
        orders: [
          {
            order_id: 'ERP-1',
            order_no: 'SO-ERP-0001',
            customer_name: `ERP 客户 ${customerId}`,
            order_date: '2026-01-16T10:00:00Z',
            status: 'producing',
            materials: [{ material_id: 'M-1', material_code: 'MAT-001', status: 'completed' }],
            erp_only_field: 'kept',
          },
        ],
        total: 1,
      }),
    };
  }
  const id = parts[1];
  if (id === 'missing') return { status: 404, body: envelope(null) };
  if (parts[0] === 'orders' && parts[2] === 'status') {
    return { status: 200, body: envelope({ order_id: id, status: 'producing', erp_stage: 'ASSEMBLY' }) };
  }
  if (parts[0] === 'orders' && parts[2] === 'materials') {
    return { status: 200, body: envelope({ order_id: id, materials: [{ material_id: 'M-1', erp_qty: 3 }] }) };
  }
  if (parts[0] === 'materials' && parts[2] === 'progress') {
    return { status: 200, body: envelope({ material_id: id, percent: 40, steps: ['cut', 'weld'] }) };
  }
  if (parts[0] === 'companies' && parts[1] === 'by-invite-code') {
    const company = companies.get(decodeURIComponent(parts[2] ?? ''));
    if (!company) return { status: 404, body: envelope(null) };
    const { inviteCode, ...rest } = company;
    return { status: 200, body: envelope({ ...rest, 微信邀请码: inviteCode, erp_only_field: 'kept' }) };
  }
  return { status: 404, body: envelope(null) };
}

/** Streams `total` bytes of a JSON-looking body, honouring backpressure; stops when the client goes away. */
function stream(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"orders":[');
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end(']}');
  };
  pump();
}

/**
 * A fake ERP on 127.0.0.1 (started by the test): answers 003's reads in the ERP's own shapes, or fails as `mode`
 * says — 500, slowly, never, malformed JSON, a redirect to another host, or a 50 MB body.
 */
export async function startFakeErp(): Promise<FakeErp> {
  const sockets = new Set<Socket>();
  const fake: FakeErp = {
    baseUrl: '',
    mode: 'ok',
    slowMs: 500,
    requests: [],
    companies: new Map(),
    close: async () => undefined,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    fake.requests.push({ path, authorization: req.headers.authorization });
    const ok = () => {
      const a = answer(path, fake.companies);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body);
    };
    switch (fake.mode) {
      case 'ok':
        return ok();
      case 'fail':
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end('{"success":false,"message":"ERP 内部错误"}');
      case 'slow':
        return void setTimeout(ok, fake.slowMs);
      case 'hang':
        return; // never answers
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"success":true,"data":{"orders":[');
      case 'redirect':
        res.writeHead(302, { location: `http://127.0.0.2:9${path}` });
        return void res.end();
      case 'huge':
        return stream(res, 50 * 1024 * 1024);
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    });
  return fake;
}
