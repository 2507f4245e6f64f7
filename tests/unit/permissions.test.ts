import { PERMISSIONS, ROLE_CODES, ROLE_SEEDS, permissionsOfSeed, type RoleSeed } from '@app/shared';

const CATALOGUE = new Set<string>(PERMISSIONS.map((p) => p.code));
const seed = (code: string): RoleSeed => {
  const found = ROLE_SEEDS.find((r) => r.code === code);
  if (!found) throw new Error(`no seeded role ${code}`);
  return found;
};

describe('PERMISSIONS', () => {
  it('has unique codes of the form <module>.<action>, each with a Chinese name', () => {
    expect(CATALOGUE.size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) {
      expect(p.code).toBe(`${p.module}.${p.code.slice(p.module.length + 1)}`);
      expect(p.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(p.name).toMatch(/\p{Script=Han}/u);
    }
  });

  it('contains the data-scope permission and the staff-admin permissions', () => {
    for (const code of ['data.all', 'users.read', 'users.create', 'users.update', 'roles.update', 'logs.read']) {
      expect(CATALOGUE.has(code)).toBe(true);
    }
  });
});

describe('ROLE_SEEDS', () => {
  it('lists only catalogue permissions in every seeded role, none twice', () => {
    for (const role of ROLE_SEEDS) {
      const codes = permissionsOfSeed(role);
      expect(codes.filter((c) => !CATALOGUE.has(c))).toEqual([]);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it('has unique ids and codes, exactly the ROLE_CODES', () => {
    const ids = ROLE_SEEDS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ROLE_SEEDS.map((r) => r.code).sort()).toEqual([...ROLE_CODES].sort());
  });

  it('keeps 004 appendix A ids 1-6', () => {
    const appendixA = ROLE_SEEDS.filter((r) => r.id <= 6).map((r) => [r.id, r.code]);
    expect(appendixA).toEqual([
      [1, 'sales'],
      [2, 'media'],
      [3, 'sales_manager'],
      [4, 'ops'],
      [5, 'finance'],
      [6, 'admin'],
    ]);
  });

  it('gives every role a Chinese name and a description', () => {
    for (const role of ROLE_SEEDS) {
      expect(role.name).toMatch(/\p{Script=Han}/u);
      expect(role.description.trim()).not.toBe('');
    }
  });

  it('gives admin the whole catalogue through permissionsOfSeed', () => {
    const admin = seed('admin');
    expect(admin.permissions).toBe('*');
    expect(permissionsOfSeed(admin)).toEqual(PERMISSIONS.map((p) => p.code));
  });

  it('answers a listed role its own list from permissionsOfSeed', () => {
    const media = seed('media');
    expect(permissionsOfSeed(media)).toBe(media.permissions);
    expect(permissionsOfSeed(media)).not.toContain('users.read');
  });

  it('scopes sales and media to their own records (no data.all); managers see all', () => {
    expect(permissionsOfSeed(seed('sales'))).not.toContain('data.all');
    expect(permissionsOfSeed(seed('media'))).not.toContain('data.all');
    expect(permissionsOfSeed(seed('sales_manager'))).toContain('data.all');
  });

  it('gives the sales manager everything a salesperson has', () => {
    const manager = new Set(permissionsOfSeed(seed('sales_manager')));
    expect(permissionsOfSeed(seed('sales')).filter((c) => !manager.has(c))).toEqual([]);
  });
});
