import { ROLE_SEEDS, permissionsOfSeed, type RoleCode } from '@app/shared';
import type { TestApp } from '../helpers/test-app';

export type ActorName = RoleCode | 'wechat_unbound' | 'anonymous';

export interface Actor {
  name: ActorName;
  token: string | null;
  userType: 'staff' | 'wechat' | null;
  permissions: ReadonlySet<string>;
  /** The data scope DESIGN.md gives this actor. */
  scope: 'all' | 'owner' | 'factory' | 'company' | 'none';
}

let ipCounter = 1;
/** A distinct client address per request (the matrix app trusts one proxy hop) so per-IP limits stay out of the way. */
export const nextIp = () => `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

async function wechatToken(t: TestApp, name: string, inviteCode: string | null): Promise<string> {
  const login = await t.http
    .post('/api/auth/wx-login')
    .set('x-forwarded-for', nextIp())
    .send({ code: `mock:${name}` });
  const token = login.body.data.token as string;
  if (inviteCode) {
    const bound = await t.http
      .post('/api/auth/bind-company')
      .set('authorization', `Bearer ${token}`)
      .set('x-forwarded-for', nextIp())
      .send({ inviteCode });
    if (bound.status !== 200) throw new Error(`binding ${name} failed: ${JSON.stringify(bound.body)}`);
  }
  return token;
}

/** One actor per seeded role (staff log in with the demo accounts; factory/customer bind in WeChat), plus edge cases. */
export async function loadActors(t: TestApp): Promise<Actor[]> {
  const actors: Actor[] = [];
  for (const seed of ROLE_SEEDS) {
    const permissions = new Set<string>(permissionsOfSeed(seed));
    if (seed.code === 'factory' || seed.code === 'customer') {
      const token = await wechatToken(
        t,
        `matrix-${seed.code}`,
        seed.code === 'factory' ? 'DEMO-FACTORY' : 'DEMO-HOTEL',
      );
      actors.push({
        name: seed.code,
        token,
        userType: 'wechat',
        permissions,
        scope: seed.code === 'factory' ? 'factory' : 'company',
      });
    } else {
      const token = await t.login(
        seed.code === 'admin' ? 'admin' : seed.code,
        seed.code === 'admin' ? 'admin123' : `${seed.code}123`,
      );
      actors.push({
        name: seed.code,
        token,
        userType: 'staff',
        permissions,
        scope: permissions.has('data.all') ? 'all' : 'owner',
      });
    }
  }
  actors.push({
    name: 'wechat_unbound',
    token: await wechatToken(t, 'matrix-unbound', null),
    userType: 'wechat',
    permissions: new Set(),
    scope: 'none',
  });
  actors.push({ name: 'anonymous', token: null, userType: null, permissions: new Set(), scope: 'none' });
  return actors;
}
