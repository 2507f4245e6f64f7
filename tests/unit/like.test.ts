import { Sequelize } from 'sequelize';
import { containsSql } from '@app/server/src/db/like';

describe('containsSql', () => {
  const sqlite = new Sequelize('sqlite::memory:', { logging: false });
  const mysql = new Sequelize('mysql://u@127.0.0.1/x', { logging: false });
  afterAll(() => Promise.all([sqlite.close(), mysql.close()]));

  it('makes % _ and the escape character literal', () => {
    expect(containsSql(sqlite, 'name', '50%_off!')).toBe("name LIKE '%50!%!_off!!%' ESCAPE '!'");
  });

  it('quotes the pattern for the dialect (no injection through a keyword)', () => {
    expect(containsSql(sqlite, 'name', "a'b")).toBe("name LIKE '%a''b%' ESCAPE '!'");
    expect(containsSql(mysql, 'name', "a'b\\")).toBe("name LIKE '%a\\'b\\\\%' ESCAPE '!'");
  });
});
