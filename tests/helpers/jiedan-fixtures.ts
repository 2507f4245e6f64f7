import { as } from './order-fixtures';
import type { TestApp } from './test-app';

/** 001's bid object as the API answers it (inside `data`). */
export interface JiedanDto {
  id: number;
  order_id: number;
  factory_id: string;
  status: 'pending' | 'accepted' | 'rejected';
  price: number;
  jiedan_time: string;
  agree_time: string | null;
  agree_user_id: string | null;
  reject_reason: string | null;
  reject_time: string | null;
  created_at: string;
  updated_at: string;
}

export interface JiedanListItemDto extends JiedanDto {
  order: { id: number; title: string; description?: string };
  factory: { user_id: string; company_name: string | null };
}

export interface FactoryUser {
  token: string;
  factoryId: number;
}

let ipCounter = 1;
/** A distinct client address per WeChat call (apps started with TRUST_PROXY), so per-IP limits stay out of the way. */
export const freshIp = () => `10.66.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

/** A WeChat user (mock login `mock:<name>`) bound with a factory's invite code: a factory user of that factory. */
export async function factoryUser(t: TestApp, name: string, inviteCode: string): Promise<FactoryUser> {
  const login = await t.http
    .post('/api/auth/wx-login')
    .set('x-forwarded-for', freshIp())
    .send({ code: `mock:${name}` });
  if (login.status !== 200) throw new Error(`wx-login ${name}: ${JSON.stringify(login.body)}`);
  const token = login.body.data.token as string;
  const bound = await t.http
    .post('/api/auth/bind-company')
    .set(as(token))
    .set('x-forwarded-for', freshIp())
    .send({ inviteCode });
  if (bound.status !== 200) throw new Error(`bind ${name}: ${JSON.stringify(bound.body)}`);
  return { token, factoryId: Number(bound.body.data.companyInfo.factoryId) };
}

/** A new factory (created by `staffToken`, who must hold factories.create and factories.invite) with one bound user. */
export async function newFactoryWithUser(
  t: TestApp,
  staffToken: string,
  name: string,
  userName: string,
): Promise<FactoryUser & { name: string }> {
  const created = await t.http.post('/api/factories').set(as(staffToken)).send({ name });
  if (created.status !== 200) throw new Error(`factory ${name}: ${JSON.stringify(created.body)}`);
  const id = created.body.data.factoryId as number;
  const code = await t.http.post(`/api/factories/${id}/invite-code`).set(as(staffToken));
  if (code.status !== 200) throw new Error(`invite code ${name}: ${JSON.stringify(code.body)}`);
  const user = await factoryUser(t, userName, code.body.data.inviteCode as string);
  return { ...user, name };
}

/** POST /api/jiedan as a factory user (the raw response, so tests can assert failures too). */
export function placeBid(t: TestApp, token: string, body: Record<string, unknown>) {
  return t.http.post('/api/jiedan').set(as(token)).send(body);
}
