import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { PermissionModel, RoleModel, RolePermissionModel } from '../../db/models';

export interface RoleRecord {
  id: number;
  code: string;
  name: string;
  description: string | null;
  permissions: string[];
}

export interface PermissionRecord {
  id: number;
  code: string;
  name: string;
  module: string;
}

export class RolesRepository {
  constructor(private readonly db: Database) {}

  async listRoles(): Promise<RoleRecord[]> {
    const [roles, permissions, links] = await Promise.all([
      RoleModel.findAll({ order: [['id', 'ASC']], raw: true }),
      PermissionModel.findAll({ raw: true }),
      RolePermissionModel.findAll({ raw: true }),
    ]);
    const codeById = new Map(permissions.map((p) => [p.id, p.code]));
    return roles.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      description: r.description,
      permissions: links
        .filter((l) => l.roleId === r.id)
        .map((l) => codeById.get(l.permissionId))
        .filter((c): c is string => c !== undefined)
        .sort(),
    }));
  }

  async listPermissions(): Promise<PermissionRecord[]> {
    const rows = await PermissionModel.findAll({ order: [['id', 'ASC']], raw: true });
    return rows.map((p) => ({ id: p.id, code: p.code, name: p.name, module: p.module }));
  }

  async findRoleIds(ids: number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await RoleModel.findAll({ where: { id: ids }, attributes: ['id'], raw: true });
    return rows.map((r) => r.id);
  }

  async findRoleByCode(code: string): Promise<{ id: number } | null> {
    const row = await RoleModel.findOne({ where: { code }, attributes: ['id'], raw: true });
    return row ? { id: row.id } : null;
  }

  async findPermissionIds(ids: number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await PermissionModel.findAll({ where: { id: ids }, attributes: ['id'], raw: true });
    return rows.map((r) => r.id);
  }

  async replacePermissions(roleId: number, permissionIds: number[], t: Transaction): Promise<void> {
    await RolePermissionModel.destroy({ where: { roleId }, transaction: t });
    if (permissionIds.length) {
      await RolePermissionModel.bulkCreate(
        [...new Set(permissionIds)].map((permissionId) => ({ roleId, permissionId })),
        { transaction: t },
      );
    }
  }

  /**
   * Adds catalogue permissions and seeded roles that the database does not have yet, granting each
   * new permission to the seeded roles that include it. Existing grants (edited by admins) stay.
   */
  async syncCatalogue(
    permissions: readonly { code: string; name: string; module: string }[],
    roles: readonly { id: number; code: string; name: string; description: string; grants: readonly string[] }[],
  ): Promise<{ newPermissions: number; newRoles: number }> {
    return this.db.transaction(async (t) => {
      const existingRoles = new Set((await RoleModel.findAll({ raw: true, transaction: t })).map((r) => r.code));
      const newRoles = roles.filter((r) => !existingRoles.has(r.code));
      for (const r of newRoles) {
        await RoleModel.create(
          { id: r.id, code: r.code, name: r.name, description: r.description },
          { transaction: t },
        );
      }
      const known = new Set((await PermissionModel.findAll({ raw: true, transaction: t })).map((p) => p.code));
      const fresh = permissions.filter((p) => !known.has(p.code));
      if (fresh.length)
        await PermissionModel.bulkCreate(
          fresh.map((p) => ({ ...p })),
          { transaction: t },
        );
      const grantCodes = new Set(fresh.map((p) => p.code));
      const newRoleCodes = new Set(newRoles.map((r) => r.code));
      const all = await PermissionModel.findAll({ raw: true, transaction: t });
      const idByCode = new Map(all.map((p) => [p.code, p.id]));
      const roleRows = await RoleModel.findAll({ raw: true, transaction: t });
      const links: { roleId: number; permissionId: number }[] = [];
      for (const seed of roles) {
        const role = roleRows.find((r) => r.code === seed.code);
        if (!role) continue;
        // A new role gets its whole seed; an existing role only the permissions new to the catalogue.
        for (const code of seed.grants) {
          const id = idByCode.get(code);
          if (id !== undefined && (newRoleCodes.has(seed.code) || grantCodes.has(code))) {
            links.push({ roleId: role.id, permissionId: id });
          }
        }
      }
      if (links.length) await RolePermissionModel.bulkCreate(links, { transaction: t, ignoreDuplicates: true });
      return { newPermissions: fresh.length, newRoles: newRoles.length };
    });
  }
}
