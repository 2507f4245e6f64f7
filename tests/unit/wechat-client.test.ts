import { MockWechatClient, OPENID_PATTERN } from '@app/server/src/integrations/wechat/wechat.client';
import { appErrorOf } from './support/app-error';

describe(MockWechatClient.name, () => {
  const client = new MockWechatClient();

  it('derives a stable openid matching OPENID_PATTERN from mock:<name>', async () => {
    const first = await client.code2Session('mock:alice');
    const again = await new MockWechatClient().code2Session('mock:alice');
    expect(first.openid).toMatch(OPENID_PATTERN);
    expect(again).toEqual(first);
    expect(first.unionid).toBeNull();
  });

  it('gives different names different openids', async () => {
    const names = ['alice', 'bob', 'Alice', 'alice ', '张三'];
    const openids = await Promise.all(names.map(async (n) => (await client.code2Session(`mock:${n}`)).openid));
    expect(new Set(openids).size).toBe(names.length);
    for (const openid of openids) expect(openid).toMatch(OPENID_PATTERN);
  });

  it.each(['alice', 'good-alice', '', 'mock:', 'MOCK:alice', ` mock:alice`, `mock:${'x'.repeat(65)}`])(
    'refuses the code %p with WECHAT_CODE_INVALID (400)',
    async (code) => {
      const err = await appErrorOf(client.code2Session(code));
      expect(err.code).toBe('WECHAT_CODE_INVALID');
      expect(err.status).toBe(400);
      expect(err.message).toContain('mock:');
    },
  );

  it('accepts names up to 64 characters', async () => {
    await expect(client.code2Session(`mock:${'x'.repeat(64)}`)).resolves.toMatchObject({
      openid: expect.stringMatching(OPENID_PATTERN),
    });
  });

  it('reports itself as the healthy mock', () => {
    expect(client.mode).toBe('mock');
    expect(client.health()).toBe('healthy');
  });
});

describe('OPENID_PATTERN', () => {
  it.each(['oAbCdEfGhIj', 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', 'a-b_c-d_e-f'])('accepts %p', (openid) => {
    expect(OPENID_PATTERN.test(openid)).toBe(true);
  });

  it.each(['short', 'x'.repeat(100), 'has space in it', 'dot.dot.dot.', ''])('refuses %p', (openid) => {
    expect(OPENID_PATTERN.test(openid)).toBe(false);
  });
});
