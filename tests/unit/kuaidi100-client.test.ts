import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@app/server/src/http/app-error';
import { Kuaidi100Client, createLogisticsClient } from '@app/server/src/integrations/logistics/kuaidi100.client';
import { beijingToDate, mainState, querySign } from '@app/server/src/integrations/logistics/kuaidi100-protocol';
import { DisabledLogisticsClient } from '@app/server/src/integrations/logistics/logistics.client';
import {
  IN_TRANSIT,
  SIGNED,
  kuaidi100PushForm,
  pushResult,
  startFakeKuaidi100,
  type FakeKuaidi100,
} from '../fakes/fake-kuaidi100';

const ACCOUNT = { customer: 'CUSTOMER-TEST-01', key: 'key-test-0123' };
const SALT = 'salt-test';
const TIMEOUT_MS = 300;

/** The AppError a promise rejects with (fails the test when it resolves or throws something else). */
async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

const formOf = (body: string) => {
  const f = new URLSearchParams(body);
  return { param: f.get('param'), sign: f.get('sign') };
};

describe(Kuaidi100Client.name, () => {
  let fake: FakeKuaidi100;
  let client: Kuaidi100Client;
  const make = (over: Partial<ConstructorParameters<typeof Kuaidi100Client>[0]> = {}) =>
    new Kuaidi100Client({
      baseUrl: fake.baseUrl,
      ...ACCOUNT,
      salt: SALT,
      callbackUrl: 'https://api.example.com/api/logistics/kuaidi100/callback',
      timeoutMs: TIMEOUT_MS,
      ...over,
    });

  beforeAll(async () => {
    fake = await startFakeKuaidi100(ACCOUNT);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    client = make();
  });

  it('signs a query as MD5(param + key + customer) in upper case', () => {
    const param = '{"com":"shunfeng","num":"SF1234567890","resultv2":"1"}';
    const expected = createHash('md5')
      .update(param + ACCOUNT.key + ACCOUNT.customer)
      .digest('hex')
      .toUpperCase();
    expect(querySign(param, ACCOUNT.key, ACCOUNT.customer)).toBe(expected);
    expect(expected).toMatch(/^[0-9A-F]{32}$/);
  });

  it('queries with the Kuaidi100 company code, the number, resultv2=1 and the phone when known', async () => {
    await client.track('SF', 'SF1234567890', '13800138000');
    await client.track('DB', 'DB0000000001');
    await client.track('ZTO', 'ZT0000000001');
    await client.track('YTO', 'YT0000000001');
    await client.track('STO', 'ST0000000001');
    expect(fake.refused).toBe(0);
    expect(fake.queries).toEqual([
      { com: 'shunfeng', num: 'SF1234567890', phone: '13800138000', resultv2: '1' },
      { com: 'debangkuaidi', num: 'DB0000000001', resultv2: '1' },
      { com: 'zhongtong', num: 'ZT0000000001', resultv2: '1' },
      { com: 'yuantong', num: 'YT0000000001', resultv2: '1' },
      { com: 'shentong', num: 'ST0000000001', resultv2: '1' },
    ]);
  });

  it('maps a track: oldest first, Beijing times to UTC, Chinese statuses, places, estimated arrival', async () => {
    const trace = await client.track('SF', 'SF1234567890');
    expect(trace).toEqual({
      state: 0,
      stateText: '运输中',
      signed: false,
      signedAt: null,
      estimatedDelivery: '2026-01-23T18:00:00.000Z',
      events: [
        { time: '2026-01-22T10:00:00.000Z', status: '已揽收', location: '北京市朝阳区', description: '快递员已揽收' },
        {
          time: '2026-01-22T18:00:00.000Z',
          status: '运输中',
          location: '北京市大兴区',
          description: '快件到达北京大兴集散中心',
        },
        {
          time: '2026-01-23T09:00:00.000Z',
          status: '派送中',
          location: '上海市浦东新区',
          description: '快件到达上海浦东集散中心,准备派送',
        },
      ],
    });
  });

  it('reports a signed parcel with the courier’s sign time', async () => {
    fake.setTrace('SF2222222222', SIGNED);
    const trace = await client.track('SF', 'SF2222222222');
    expect(trace).toMatchObject({ state: 3, stateText: '已签收', signed: true });
    expect(trace.signedAt?.toISOString()).toBe('2026-01-24T02:30:00.000Z');
    expect(trace.events.at(-1)).toMatchObject({ status: '已签收', description: '已签收，签收人：前台' });
  });

  it('answers an empty track for a number Kuaidi100 has no result for yet', async () => {
    fake.queryMode = 'unknown';
    expect(await client.track('ZTO', 'ZT9999999999')).toEqual({
      state: null,
      stateText: '暂无物流信息',
      signed: false,
      signedAt: null,
      events: [],
      estimatedDelivery: null,
    });
  });

  it('turns a refused signature, HTTP 500, broken JSON and a slow answer into LOGISTICS_API_ERROR', async () => {
    const wrongKey = await failure(make({ key: 'wrong-key' }).track('SF', 'SF1234567890'));
    expect(wrongKey).toMatchObject({ code: 'LOGISTICS_API_ERROR', status: 500, details: { returnCode: '503' } });
    expect(fake.refused).toBe(1);

    fake.queryMode = 'fail';
    expect(await failure(client.track('SF', 'SF1234567890'))).toMatchObject({ code: 'LOGISTICS_API_ERROR' });
    fake.queryMode = 'malformed';
    expect((await failure(client.track('SF', 'SF1234567890'))).message).toContain('格式错误');

    fake.queryMode = 'slow';
    const started = Date.now();
    const slow = await failure(client.track('SF', 'SF1234567890'));
    expect(slow.code).toBe('LOGISTICS_API_ERROR');
    expect(slow.message).toContain('超时');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);
  });

  it('gives up on an answer whose body stalls after the headers, within the timeout', async () => {
    const stalled = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"message":"ok",');
    });
    await new Promise<void>((ok) => stalled.listen(0, '127.0.0.1', ok));
    try {
      const started = Date.now();
      const base = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
      expect(await failure(make({ baseUrl: base }).track('SF', 'SF1234567890'))).toMatchObject({
        code: 'LOGISTICS_API_ERROR',
      });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);
    } finally {
      stalled.closeAllConnections();
      await new Promise((ok) => stalled.close(ok));
    }
  });

  it('subscribes with schema=json, the key, the callback URL, the salt and resultv2=1', async () => {
    expect(await client.subscribe('YTO', 'YT1234567890', '13800138000')).toEqual({
      subscribed: true,
      message: '提交成功',
    });
    expect(fake.subscriptions).toEqual([
      {
        company: 'yuantong',
        number: 'YT1234567890',
        key: ACCOUNT.key,
        parameters: {
          callbackurl: 'https://api.example.com/api/logistics/kuaidi100/callback',
          salt: SALT,
          resultv2: '1',
          phone: '13800138000',
        },
      },
    ]);
  });

  it('fails a refused, failing or unconfigured subscription with LOGISTICS_API_ERROR', async () => {
    fake.subscribeMode = 'unknown';
    expect(await failure(client.subscribe('SF', 'SF1234567890'))).toMatchObject({
      code: 'LOGISTICS_API_ERROR',
      details: { returnCode: '700' },
    });
    fake.subscribeMode = 'fail';
    expect((await failure(client.subscribe('SF', 'SF1234567890'))).code).toBe('LOGISTICS_API_ERROR');
    fake.subscribeMode = 'answer';
    expect((await failure(make({ key: 'wrong-key' }).subscribe('SF', 'SF1234567890'))).code).toBe(
      'LOGISTICS_API_ERROR',
    );
    expect((await failure(make({ callbackUrl: null }).subscribe('SF', 'SF1234567890'))).message).toContain('回调地址');
    expect(fake.subscriptions).toEqual([]);
  });

  it('accepts a push signed MD5(param + salt) and reads it', () => {
    const form = formOf(kuaidi100PushForm(pushResult('SF2222222222', 'shunfeng', SIGNED), SALT));
    const push = client.verifyPush(form);
    expect(push).toMatchObject({
      trackingNumber: 'SF2222222222',
      company: 'SF',
      state: 3,
      signed: true,
      pushStatus: 'polling',
    });
    expect(push.events).toHaveLength(4);
    expect(client.verifyPush({ ...form, sign: form.sign?.toLowerCase() ?? null }).trackingNumber).toBe('SF2222222222');
  });

  it('refuses a push with a wrong or missing signature, and any push without a configured salt', () => {
    const form = formOf(kuaidi100PushForm(pushResult('SF2222222222', 'shunfeng', IN_TRANSIT), SALT));
    expect(thrown(() => client.verifyPush({ ...form, sign: 'A'.repeat(32) })).code).toBe('SIGNATURE_INVALID');
    expect(thrown(() => client.verifyPush({ ...form, sign: null })).code).toBe('SIGNATURE_INVALID');
    expect(thrown(() => client.verifyPush({ ...form, sign: 'short' })).code).toBe('SIGNATURE_INVALID');
    expect(thrown(() => client.verifyPush({ param: null, sign: form.sign })).code).toBe('SIGNATURE_INVALID');
    const tampered = form.param?.replace('SF2222222222', 'SF3333333333') ?? '';
    expect(thrown(() => client.verifyPush({ param: tampered, sign: form.sign })).code).toBe('SIGNATURE_INVALID');
    expect(thrown(() => make({ salt: null }).verifyPush(form)).code).toBe('SIGNATURE_INVALID');
  });

  it('answers BAD_REQUEST for a correctly signed push that is not a readable track', () => {
    const broken = formOf(
      new URLSearchParams({
        param: '{"status":',
        sign: createHash('md5')
          .update('{"status":' + SALT)
          .digest('hex')
          .toUpperCase(),
      }).toString(),
    );
    expect(thrown(() => client.verifyPush(broken)).code).toBe('BAD_REQUEST');
    const noNumber = formOf(kuaidi100PushForm({ message: 'ok', state: '0', data: [] }, SALT));
    expect(thrown(() => client.verifyPush(noNumber)).code).toBe('BAD_REQUEST');
  });
});

describe('Kuaidi100 states and times', () => {
  it('reduces sub states to the main state', () => {
    expect(
      [0, '1', '3', '5', '14', '301', '103', '1002', '11', '204', '999', '在途', '签收', 'x', null].map(mainState),
    ).toEqual([0, 1, 3, 5, 14, 3, 1, 0, 8, 2, null, 0, 3, null, null]);
  });

  it('reads Beijing times without a zone, and times with one as they are', () => {
    expect(beijingToDate('2026-01-22 18:00:00')?.toISOString()).toBe('2026-01-22T10:00:00.000Z');
    expect(beijingToDate('2026-01-22 18')?.toISOString()).toBe('2026-01-22T10:00:00.000Z');
    expect(beijingToDate('2026-01-22T10:00:00Z')?.toISOString()).toBe('2026-01-22T10:00:00.000Z');
    expect(beijingToDate('yesterday')).toBeNull();
    expect(beijingToDate(undefined)).toBeNull();
  });
});

describe('createLogisticsClient', () => {
  const base = { baseUrl: 'http://127.0.0.1:9', salt: null, callbackUrl: null, timeoutMs: 300 };

  it('uses Kuaidi100 only when both the key and the customer id are set', () => {
    expect(createLogisticsClient({ ...base, key: 'k', customer: 'c' })).toBeInstanceOf(Kuaidi100Client);
    expect(createLogisticsClient({ ...base, key: 'k', customer: null })).toBeInstanceOf(DisabledLogisticsClient);
    expect(createLogisticsClient({ ...base, key: null, customer: 'c' })).toBeInstanceOf(DisabledLogisticsClient);
  });

  it('without a key: tracking answers LOGISTICS_API_ERROR, subscribing does nothing, pushes are refused', async () => {
    const disabled = createLogisticsClient({ ...base, key: null, customer: null });
    expect(await failure(disabled.track('SF', 'SF1234567890'))).toMatchObject({
      code: 'LOGISTICS_API_ERROR',
      message: '物流查询未配置',
    });
    expect(await disabled.subscribe('SF', 'SF1234567890')).toEqual({ subscribed: false, message: '物流推送未配置' });
    expect(thrown(() => disabled.verifyPush({ param: '{}', sign: 'x' })).code).toBe('SIGNATURE_INVALID');
  });
});
