import { freshIp } from './jiedan-fixtures';
import { as } from './order-fixtures';
import type { TestApp } from './test-app';

/** A WeChat user (mock login `mock:<name>`), bound with the invite code when one is given; answers its token. */
export async function wechatUser(t: TestApp, name: string, inviteCode: string | null): Promise<string> {
  const login = await t.http
    .post('/api/auth/wx-login')
    .set('x-forwarded-for', freshIp())
    .send({ code: `mock:${name}` });
  if (login.status !== 200) throw new Error(`wx-login ${name}: ${JSON.stringify(login.body)}`);
  const token = login.body.data.token as string;
  if (inviteCode) {
    const bound = await t.http
      .post('/api/auth/bind-company')
      .set(as(token))
      .set('x-forwarded-for', freshIp())
      .send({ inviteCode });
    if (bound.status !== 200) throw new Error(`bind ${name}: ${JSON.stringify(bound.body)}`);
  }
  return token;
}
