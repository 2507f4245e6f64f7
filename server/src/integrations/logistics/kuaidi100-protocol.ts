import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CourierCode, LogisticsTrace, TrackEvent } from './logistics.client';

/** Our company codes → Kuaidi100 `com`. */
export const KUAIDI100_COMPANY: Readonly<Record<CourierCode, string>> = {
  SF: 'shunfeng',
  DB: 'debangkuaidi',
  ZTO: 'zhongtong',
  YTO: 'yuantong',
  STO: 'shentong',
};

export function companyFromKuaidi100(com: string | undefined): CourierCode | null {
  const hit = Object.entries(KUAIDI100_COMPANY).find(([, v]) => v === com);
  return hit ? (hit[0] as CourierCode) : null;
}

/** Kuaidi100 main states, as a customer reads them. */
const STATE_TEXT: Readonly<Record<number, string>> = {
  0: '运输中',
  1: '已揽收',
  2: '疑难件',
  3: '已签收',
  4: '已退签',
  5: '派送中',
  6: '退回中',
  7: '转投中',
  8: '清关中',
  14: '已拒签',
};
/** The words Kuaidi100 puts in `data[].status` (resultv2=1). */
const STATE_WORDS: Readonly<Record<string, number>> = {
  在途: 0,
  揽收: 1,
  疑难: 2,
  签收: 3,
  退签: 4,
  派件: 5,
  退回: 6,
  转投: 7,
  转单: 7,
  清关: 8,
  拒签: 14,
};
export const SIGNED_STATE = 3;
export const NO_TRACE_TEXT = '暂无物流信息';

/** A main state from a main or sub state (Kuaidi100 sub states: 10-13 清关, 101-103 揽收, 301-304 签收, 1001-1003 在途…). */
export function mainState(raw: unknown): number | null {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,4}$/.test(text)) return STATE_WORDS[text] ?? null;
  const n = Number(text);
  if (STATE_TEXT[n] !== undefined) return n;
  if (n >= 10 && n <= 13) return 8;
  if (n >= 100 && n < 1000) return STATE_TEXT[Math.floor(n / 100)] !== undefined ? Math.floor(n / 100) : null;
  if (n >= 1000 && n < 2000) return 0;
  return null;
}

export const stateText = (state: number | null): string => (state === null ? NO_TRACE_TEXT : STATE_TEXT[state]);

const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

/** Query signature: MD5(param + key + customer), 32 upper-case hex digits. */
export const querySign = (param: string, key: string, customer: string): string => md5Upper(param + key + customer);

/** Push signature: MD5(param + salt), 32 upper-case hex digits. */
export const pushSign = (param: string, salt: string): string => md5Upper(param + salt);

/** Compares a received signature with the expected one in constant time (case-insensitive hex). */
export function signatureMatches(received: string | null, expected: string): boolean {
  if (!received) return false;
  const a = Buffer.from(received.trim().toUpperCase(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Kuaidi100 times are Beijing time without a zone ("2026-01-22 18:00:00", or "2026-01-22 18" for a predicted
 * arrival); anything with its own zone is taken as it is. Null when unreadable.
 */
export function beijingToDate(raw: string | undefined | null): Date | null {
  if (!raw) return null;
  const text = raw.trim();
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(text);
  const ms = m ? Date.parse(`${m[1]}T${m[2]}:${m[3] ?? '00'}:${m[4] ?? '00'}+08:00`) : Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const code = z.union([z.string(), z.number()]);
const text = z.string().nullish();

const EventSchema = z.object({
  time: text,
  ftime: text,
  context: text,
  location: text,
  areaName: text,
  status: text,
  statusCode: code.nullish(),
});

/** A successful trace answer (query) or `lastResult` (push). */
export const TraceAnswerSchema = z.object({
  message: text,
  nu: z.string().nullish(),
  com: z.string().nullish(),
  status: code.nullish(),
  state: code.nullish(),
  ischeck: code.nullish(),
  data: z.array(EventSchema).nullish(),
  arrivalTime: text,
});
export type TraceAnswer = z.infer<typeof TraceAnswerSchema>;

/** A refusal (`result: false`) or a subscription answer. */
export const ResultAnswerSchema = z.object({
  result: z.boolean(),
  returnCode: code.nullish(),
  message: text,
});

export const PushParamSchema = z.object({
  status: text,
  message: text,
  lastResult: TraceAnswerSchema,
});

function toEvent(e: z.infer<typeof EventSchema>, fallback: string): TrackEvent {
  const raw = e.ftime ?? e.time ?? '';
  const state = mainState(e.statusCode ?? undefined) ?? mainState(e.status ?? undefined);
  return {
    time: beijingToDate(raw)?.toISOString() ?? raw,
    status: state !== null ? stateText(state) : e.status || fallback,
    location: e.location || e.areaName || null,
    description: e.context ?? '',
  };
}

/** A trace answer in our terms: events oldest first (Kuaidi100 answers newest first by default). */
export function toTrace(answer: TraceAnswer): LogisticsTrace {
  const state = mainState(answer.state ?? undefined);
  const overall = stateText(state);
  const raw = answer.data ?? [];
  const events = raw
    .map((e, i) => ({ event: toEvent(e, overall), at: beijingToDate(e.ftime ?? e.time)?.getTime() ?? 0, i }))
    .sort((a, b) => a.at - b.at || b.i - a.i)
    .map((x) => x.event);
  const signed = state === SIGNED_STATE;
  const lastSign = [...events].reverse().find((e) => e.status === STATE_TEXT[SIGNED_STATE]);
  return {
    state,
    stateText: overall,
    signed,
    signedAt: signed ? beijingToDate(lastSign?.time ?? events.at(-1)?.time) : null,
    events,
    estimatedDelivery: beijingToDate(answer.arrivalTime)?.toISOString() ?? null,
  };
}

export const emptyTrace = (): LogisticsTrace => ({
  state: null,
  stateText: NO_TRACE_TEXT,
  signed: false,
  signedAt: null,
  events: [],
  estimatedDelivery: null,
});

/** The answer Kuaidi100 expects from a callback that took the push. */
export const KUAIDI100_PUSH_OK = { result: true, returnCode: '200', message: '成功' } as const;
