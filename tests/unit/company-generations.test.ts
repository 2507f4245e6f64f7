import { CompanyGenerations } from '@app/server/src/modules/erp/company-generations';

const settle = () => new Promise((ok) => setImmediate(ok));

describe('CompanyGenerations (versions of a company in the ERP cache keys)', () => {
  it("moves a company's version on when one of its orders changes, and only that company's", async () => {
    const lookups: number[] = [];
    const g = new CompanyGenerations(async (orderId) => {
      lookups.push(orderId);
      return orderId < 100 ? '1' : '2';
    });
    const [one, two] = [g.of('1'), g.of('2')];
    g.orderChanged(7);
    await settle();
    expect(g.of('1')).not.toBe(one);
    expect(g.of('2')).toBe(two);

    // The company of an order is looked up once; later changes bump at once.
    const after = g.of('1');
    g.orderChanged(7);
    expect(g.of('1')).not.toBe(after);
    expect(lookups).toEqual([7]);
  });

  it('moves every company on for a change of unknown orders, and ignores an order that does not exist', async () => {
    const g = new CompanyGenerations(async () => null);
    const before = [g.of('1'), g.of('2')];
    g.orderChanged(999);
    await settle();
    expect([g.of('1'), g.of('2')]).toEqual(before);
    g.orderChanged(undefined);
    expect(g.of('1')).not.toBe(before[0]);
    expect(g.of('2')).not.toBe(before[1]);
  });

  it('survives a failed lookup (the change is then only bounded by the TTL)', async () => {
    const g = new CompanyGenerations(async () => {
      throw new Error('db down');
    });
    const before = g.of('1');
    g.orderChanged(5);
    await settle();
    expect(g.of('1')).toBe(before);
  });
});
