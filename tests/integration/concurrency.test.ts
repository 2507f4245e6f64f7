import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('concurrent writes', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    token = await t.login('purchaser', 'purchaser123');
  });
  afterAll(() => t.close());

  it('40 simultaneous creates all succeed (no SQLITE_BUSY) with unique, gap-free numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.http
          .post('/api/factories')
          .set('authorization', `Bearer ${token}`)
          .send({ name: `并发工厂${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
    const codes = results.map((r) => r.body.data.factoryCode as string).sort();
    expect(new Set(codes).size).toBe(40);
    // FAC-0001 is the demo factory; the 40 new ones are exactly 0002..0041.
    expect(codes).toEqual(Array.from({ length: 40 }, (_, i) => `FAC-${String(i + 2).padStart(4, '0')}`));
  });

  it('mixed concurrent writes and reads on one factory never fail', async () => {
    const created = await t.http
      .post('/api/factories')
      .set('authorization', `Bearer ${token}`)
      .send({ name: '热点工厂' });
    const id = created.body.data.factoryId;
    const auth = { authorization: `Bearer ${token}` };
    const calls = Array.from({ length: 30 }, (_, i) => {
      if (i % 3 === 0) return t.http.post(`/api/factories/${id}/invite-code`).set(auth);
      if (i % 3 === 1)
        return t.http
          .put(`/api/factories/${id}`)
          .set(auth)
          .send({ contactName: `联系人${i}` });
      return t.http.get(`/api/factories/${id}`).set(auth);
    });
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    // Exactly one invite code stays active after ten rotations.
    const detail = await t.http.get(`/api/factories/${id}`).set(auth);
    const codes = results.filter((_, i) => i % 3 === 0).map((r) => r.body.data.inviteCode);
    expect(codes).toContain(detail.body.data.inviteCode);
    const [rows] = await t.container.db.sequelize.query(
      `SELECT COUNT(*) AS n FROM invite_codes WHERE targetType = 'factory' AND targetId = ${Number(id)} AND isActive = 1`,
    );
    expect(Number((rows as { n: number | string }[])[0].n)).toBe(1);
  });
});
