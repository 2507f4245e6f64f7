import { z } from 'zod';

export const PermissionSchema = z.object({
  permissionId: z.number().int(),
  code: z.string(),
  name: z.string(),
  module: z.string(),
});
export type Permission = z.infer<typeof PermissionSchema>;

export const RoleSchema = z.object({
  roleId: z.number().int(),
  roleCode: z.string(),
  roleName: z.string(),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
});
export type Role = z.infer<typeof RoleSchema>;

export const RolePermissionsSchema = z.object({
  permissionIds: z.array(z.number().int().positive()).max(500),
});
export type RolePermissions = z.infer<typeof RolePermissionsSchema>;
