import {
  PERMISSIONS,
  ROLE_SEEDS,
  permissionsOfSeed,
  type Permission,
  type Role,
  type RolePermissions,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import type { Database } from '../../db/database';
import type { AccessService } from '../access/access.service';
import type { RoleRecord, RolesRepository } from './roles.repository';

function toRoleDto(r: RoleRecord): Role {
  return { roleId: r.id, roleCode: r.code, roleName: r.name, description: r.description, permissions: r.permissions };
}

/** Roles are rows that admins edit (004 §4.5, 4.6); the catalogue in `shared` seeds them. */
export class RolesService {
  constructor(
    private readonly db: Database,
    private readonly repo: RolesRepository,
    private readonly access: AccessService,
  ) {}

  async list(): Promise<Role[]> {
    return (await this.repo.listRoles()).map(toRoleDto);
  }

  async permissions(): Promise<Permission[]> {
    return (await this.repo.listPermissions()).map((p) => ({
      permissionId: p.id,
      code: p.code,
      name: p.name,
      module: p.module,
    }));
  }

  async setPermissions(roleId: number, input: RolePermissions): Promise<Role> {
    const role = (await this.repo.listRoles()).find((r) => r.id === roleId);
    if (!role) throw new AppError('ROLE_NOT_FOUND');
    if (role.code === 'admin') throw new AppError('WRONG_STATE', '管理员角色始终拥有全部权限，不能修改');
    const found = new Set(await this.repo.findPermissionIds(input.permissionIds));
    const missing = input.permissionIds.filter((id) => !found.has(id));
    if (missing.length)
      throw new AppError('PERMISSION_NOT_FOUND', `权限不存在：${missing.join(', ')}`, { permissionIds: missing });
    await this.db.transaction((t) => this.repo.replacePermissions(roleId, input.permissionIds, t));
    this.access.invalidateAll();
    const updated = (await this.repo.listRoles()).find((r) => r.id === roleId);
    if (!updated) throw new AppError('ROLE_NOT_FOUND');
    return toRoleDto(updated);
  }

  /** At boot: add what the catalogue has and the database lacks. */
  syncCatalogue(): Promise<{ newPermissions: number; newRoles: number }> {
    return this.repo.syncCatalogue(
      PERMISSIONS,
      ROLE_SEEDS.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        description: r.description,
        grants: permissionsOfSeed(r),
      })),
    );
  }
}
