import { ErpUnavailableError } from '@app/server/src/integrations/erp/erp.client';
import { HttpErpClient } from '@app/server/src/integrations/erp/http-erp.client';
import { startFakeErp, type FakeErp } from '../fakes/fake-erp';

describe(HttpErpClient.name, () => {
  let erp: FakeErp;
  let client: HttpErpClient;
  beforeEach(async () => {
    erp = await startFakeErp();
    client = new HttpErpClient({
      baseUrl: erp.baseUrl,
      apiKey: null,
      timeoutMs: 300,
      retries: 0,
      maxResponseBytes: 1024 * 1024,
      breakerResetMs: 400,
    });
  });
  afterEach(async () => {
    client.close();
    await erp.close();
  });

  it('opens the circuit after repeated failures, then fails at once without calling the ERP', async () => {
    erp.mode = 'fail';
    for (let i = 0; i < 6; i += 1) await client.orderStatus('1', `x${i}`).catch(() => undefined);
    expect(client.circuit).toBe('open');
    const before = erp.requests.length;
    const started = Date.now();
    const err = await client.orderStatus('1', 'y').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErpUnavailableError);
    expect((err as ErpUnavailableError).kind).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(50);
    expect(erp.requests.length).toBe(before);
  });

  it('lets a trial call through after the reset time and closes again when it succeeds', async () => {
    erp.mode = 'fail';
    for (let i = 0; i < 6; i += 1) await client.orderStatus('1', `x${i}`).catch(() => undefined);
    expect(client.circuit).toBe('open');
    erp.mode = 'ok';
    await new Promise((r) => setTimeout(r, 450));
    expect(await client.orderStatus('1', 'z')).toMatchObject({ order_id: 'z' });
    expect(client.circuit).toBe('closed');
  });

  it('gives up on a hanging ERP at the deadline and on a body over the size cap', async () => {
    erp.mode = 'hang';
    let started = Date.now();
    await expect(client.orderStatus('1', 'h')).rejects.toMatchObject({ kind: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(300 + 200);
    erp.mode = 'huge';
    started = Date.now();
    await expect(client.orderStatus('1', 'big')).rejects.toMatchObject({ kind: 'bad_answer' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
