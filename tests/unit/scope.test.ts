import { Op, Sequelize, type WhereOptions } from 'sequelize';
import { scopeWhere, type ScopeColumns } from '@app/server/src/db/scope-where';
import { scopeFor, type DataScope } from '@app/server/src/modules/access/principal';
import { staffPrincipal, wechatPrincipal } from '../fakes/principals';

describe(scopeFor.name, () => {
  it('gives staff holding data.all every record', () => {
    const p = staffPrincipal({ permissions: new Set(['customers.read', 'data.all']) });
    expect(scopeFor(p)).toEqual({ kind: 'all' });
  });

  it('gives staff without data.all their own records', () => {
    expect(scopeFor(staffPrincipal({ userId: 12 }))).toEqual({ kind: 'owner', userId: 12 });
  });

  it('ignores bindings on a staff principal: staff are scoped by owner', () => {
    expect(scopeFor(staffPrincipal({ userId: 12, factoryId: 3, customerId: 4 }))).toEqual({
      kind: 'owner',
      userId: 12,
    });
  });

  it("gives a WeChat user bound to a factory that factory's records", () => {
    expect(scopeFor(wechatPrincipal({ factoryId: 3 }))).toEqual({ kind: 'factory', factoryId: 3 });
  });

  it("gives a WeChat user bound to a customer company that company's records", () => {
    expect(scopeFor(wechatPrincipal({ customerId: 4 }))).toEqual({ kind: 'company', customerId: 4 });
  });

  it('gives an unbound WeChat user nothing', () => {
    expect(scopeFor(wechatPrincipal())).toEqual({ kind: 'none' });
  });

  it('does not widen a WeChat user with data.all', () => {
    const permissions = new Set(['data.all']);
    expect(scopeFor(wechatPrincipal({ permissions }))).toEqual({ kind: 'none' });
    expect(scopeFor(wechatPrincipal({ permissions, customerId: 4 }))).toEqual({ kind: 'company', customerId: 4 });
  });
});

describe(scopeWhere.name, () => {
  const NOTHING = { [Op.and]: [{ [Op.or]: [] }] };
  const OWNED: ScopeColumns = { owner: 'ownerId', factory: 'factoryId', company: 'customerId' };
  const CUSTOMERS: ScopeColumns = { owner: 'ownerId', self: { company: 'id' } };
  const FACTORIES: ScopeColumns = { self: { factory: 'id' } };

  it('puts no condition on scope "all"', () => {
    expect(scopeWhere({ kind: 'all' }, OWNED)).toEqual({});
    expect(scopeWhere({ kind: 'all' }, {})).toEqual({});
  });

  it('matches the owner column for scope "owner"', () => {
    expect(scopeWhere({ kind: 'owner', userId: 12 }, OWNED)).toEqual({ ownerId: 12 });
  });

  it('matches the factory column for scope "factory", or the id of a table whose rows are factories', () => {
    expect(scopeWhere({ kind: 'factory', factoryId: 3 }, OWNED)).toEqual({ factoryId: 3 });
    expect(scopeWhere({ kind: 'factory', factoryId: 3 }, FACTORIES)).toEqual({ id: 3 });
  });

  it('matches the company column for scope "company", or the id of a table whose rows are companies', () => {
    expect(scopeWhere({ kind: 'company', customerId: 4 }, OWNED)).toEqual({ customerId: 4 });
    expect(scopeWhere({ kind: 'company', customerId: 4 }, CUSTOMERS)).toEqual({ id: 4 });
  });

  it('prefers the ownership column over the self id when a table names both', () => {
    const both: ScopeColumns = { factory: 'factoryId', self: { factory: 'id' } };
    expect(scopeWhere({ kind: 'factory', factoryId: 3 }, both)).toEqual({ factoryId: 3 });
  });

  it('matches nothing for scope "none", whatever the table has', () => {
    expect(scopeWhere({ kind: 'none' }, OWNED)).toEqual(NOTHING);
    expect(scopeWhere({ kind: 'none' }, CUSTOMERS)).toEqual(NOTHING);
  });

  it.each<[string, DataScope, ScopeColumns]>([
    ['owner on a table without an owner column', { kind: 'owner', userId: 12 }, FACTORIES],
    ['factory on a table without a factory column', { kind: 'factory', factoryId: 3 }, CUSTOMERS],
    ['company on a table without a company column', { kind: 'company', customerId: 4 }, FACTORIES],
    ['company on a table with no columns at all', { kind: 'company', customerId: 4 }, {}],
  ])('matches nothing for a scope kind the table cannot express: %s', (_what, scope, columns) => {
    expect(scopeWhere(scope, columns)).toEqual(NOTHING);
  });

  describe('as SQL', () => {
    // The dialects' query generators only; nothing connects to a database.
    const dialects = [
      new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false }),
      new Sequelize('mysql://nobody@127.0.0.1:1/none', { logging: false }),
    ];
    afterAll(() => Promise.all(dialects.map((s) => s.close())));

    const sql = (sequelize: Sequelize, where: WhereOptions) =>
      (
        sequelize.getQueryInterface().queryGenerator as {
          selectQuery(table: string, options: { where: WhereOptions }): string;
        }
      )
        .selectQuery('customers', { where })
        .replace(/[`"]/g, '');

    it.each(dialects.map((s) => [s.getDialect(), s] as const))(
      'renders "nothing" as an always-false condition (%s)',
      (_dialect, sequelize) => {
        expect(sql(sequelize, scopeWhere({ kind: 'none' }, CUSTOMERS))).toBe('SELECT * FROM customers WHERE (0 = 1);');
        const combined = { [Op.and]: [{ id: 5 }, scopeWhere({ kind: 'factory', factoryId: 3 }, CUSTOMERS)] };
        expect(sql(sequelize, combined)).toBe('SELECT * FROM customers WHERE (customers.id = 5 AND (0 = 1));');
      },
    );

    it.each(dialects.map((s) => [s.getDialect(), s] as const))(
      'renders the owner scope as a column condition and "all" as no condition (%s)',
      (_dialect, sequelize) => {
        const owner = { [Op.and]: [{ id: 5 }, scopeWhere({ kind: 'owner', userId: 12 }, CUSTOMERS)] };
        expect(sql(sequelize, owner)).toBe(
          'SELECT * FROM customers WHERE (customers.id = 5 AND customers.ownerId = 12);',
        );
        expect(sql(sequelize, scopeWhere({ kind: 'all' }, CUSTOMERS))).toBe('SELECT * FROM customers;');
      },
    );
  });
});
