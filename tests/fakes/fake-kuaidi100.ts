import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers: as Kuaidi100 does, HTTP 500, too late, broken JSON, or "no result" for every number. */
export type FakeKuaidi100Mode = 'answer' | 'fail' | 'slow' | 'malformed' | 'unknown';

export interface FakeTraceEvent {
  time: string;
  context: string;
  areaName?: string;
  status?: string;
}

export interface FakeTrace {
  state: string;
  /** Newest first, as Kuaidi100 answers. */
  data: FakeTraceEvent[];
  arrivalTime?: string;
}

export interface FakeSubscription {
  company: string;
  number: string;
  key: string;
  parameters: { callbackurl?: string; salt?: string; resultv2?: string; phone?: string };
}

export interface FakeKuaidi100 {
  baseUrl: string;
  /** Behaviour of /poll/query.do. */
  queryMode: FakeKuaidi100Mode;
  /** Behaviour of /poll ('unknown' answers a refusal, returnCode 700). */
  subscribeMode: FakeKuaidi100Mode;
  /** How long 'slow' waits before answering. */
  slowMs: number;
  /** Every query whose signature checked out: the decoded `param`. */
  queries: Record<string, unknown>[];
  /** Every accepted subscription. */
  subscriptions: FakeSubscription[];
  /** Requests refused for a wrong signature or key. */
  refused: number;
  setTrace(number: string, trace: FakeTrace): void;
  reset(): void;
  close(): Promise<void>;
}

const md5Upper = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

/** A transit track like 002 §6.2's example (Beijing times, newest first). */
export const IN_TRANSIT: FakeTrace = {
  state: '0',
  data: [
    {
      time: '2026-01-23 17:00:00',
      context: '快件到达上海浦东集散中心,准备派送',
      areaName: '上海市浦东新区',
      status: '派件',
    },
    { time: '2026-01-23 02:00:00', context: '快件到达北京大兴集散中心', areaName: '北京市大兴区', status: '在途' },
    { time: '2026-01-22 18:00:00', context: '快递员已揽收', areaName: '北京市朝阳区', status: '揽收' },
  ],
  arrivalTime: '2026-01-24 02',
};

/** The same parcel, signed for. */
export const SIGNED: FakeTrace = {
  state: '3',
  data: [
    { time: '2026-01-24 10:30:00', context: '已签收，签收人：前台', areaName: '上海市浦东新区', status: '签收' },
    ...IN_TRANSIT.data,
  ],
};

/** The form body Kuaidi100 posts to a callback: `param=<json>&sign=MD5(param + salt)`. */
export function kuaidi100PushForm(lastResult: Record<string, unknown>, salt: string, status = 'polling'): string {
  const param = JSON.stringify({ status, billstatus: 'got', message: '', autoCheck: '0', lastResult });
  return new URLSearchParams({ param, sign: md5Upper(param + salt) }).toString();
}

/** `lastResult` of a push for `number` (our fake's track shape). */
export function pushResult(number: string, com: string, trace: FakeTrace): Record<string, unknown> {
  return {
    message: 'ok',
    nu: number,
    ischeck: trace.state === '3' ? '1' : '0',
    com,
    status: '200',
    state: trace.state,
    data: trace.data,
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A fake Kuaidi100 on 127.0.0.1 that checks signatures as Kuaidi100 does: a query must carry
 * `customer` and `sign = MD5(param + key + customer)` upper-case; a subscription must carry the key.
 */
export async function startFakeKuaidi100(account: { customer: string; key: string }): Promise<FakeKuaidi100> {
  const traces = new Map<string, FakeTrace>();
  const timers = new Set<NodeJS.Timeout>();
  const state = {
    queryMode: 'answer' as FakeKuaidi100Mode,
    subscribeMode: 'answer' as FakeKuaidi100Mode,
    slowMs: 2000,
    queries: [] as Record<string, unknown>[],
    subscriptions: [] as FakeSubscription[],
    refused: 0,
  };
  const send = (res: ServerResponse, body: unknown, status = 200) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json;charset=UTF-8');
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  /** The common failure behaviours; true when it answered. */
  const misbehave = (mode: FakeKuaidi100Mode, res: ServerResponse, answer: () => void): boolean => {
    if (mode === 'fail') send(res, { result: false, returnCode: '502', message: '服务器繁忙' }, 500);
    else if (mode === 'malformed') send(res, '{"message":"ok","data":[{');
    else if (mode === 'slow') {
      const timer = setTimeout(() => (timers.delete(timer), answer()), state.slowMs);
      timers.add(timer);
    } else return false;
    return true;
  };

  const query = (form: URLSearchParams, res: ServerResponse) => {
    const param = form.get('param') ?? '';
    if (
      form.get('customer') !== account.customer ||
      form.get('sign') !== md5Upper(param + account.key + account.customer)
    ) {
      state.refused += 1;
      return send(res, { result: false, returnCode: '503', message: '验证签名失败' });
    }
    const p = JSON.parse(param) as { com: string; num: string };
    state.queries.push(p);
    const trace = traces.get(p.num) ?? IN_TRANSIT;
    const answer = () =>
      state.queryMode === 'unknown' || trace.data.length === 0
        ? send(res, { result: false, returnCode: '500', message: '查询无结果，请隔段时间再查' })
        : send(res, { ...pushResult(p.num, p.com, trace), condition: 'F00', arrivalTime: trace.arrivalTime });
    if (!misbehave(state.queryMode, res, answer)) answer();
  };

  const subscribe = (form: URLSearchParams, res: ServerResponse) => {
    const p = JSON.parse(form.get('param') ?? '{}') as FakeSubscription;
    if (form.get('schema') !== 'json' || p.key !== account.key) {
      state.refused += 1;
      return send(res, { result: false, returnCode: '600', message: '您不是合法的订阅者' });
    }
    const answer = () => {
      if (state.subscribeMode === 'unknown')
        return send(res, { result: false, returnCode: '700', message: '不支持的快递公司' });
      state.subscriptions.push(p);
      send(res, { result: true, returnCode: '200', message: '提交成功' });
    };
    if (!misbehave(state.subscribeMode, res, answer)) answer();
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'POST' || (path !== '/poll/query.do' && path !== '/poll'))
      return send(res, { message: 'not found' }, 404);
    readForm(req)
      .then((form) => (path === '/poll' ? subscribe(form, res) : query(form, res)))
      .catch(() => send(res, { result: false, returnCode: '400', message: '提交的数据不完整' }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}`,
    setTrace: (number: string, trace: FakeTrace) => void traces.set(number, trace),
    reset: () => {
      traces.clear();
      state.queryMode = 'answer';
      state.subscribeMode = 'answer';
      state.queries.length = 0;
      state.subscriptions.length = 0;
      state.refused = 0;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => ok());
      }),
  });
}
