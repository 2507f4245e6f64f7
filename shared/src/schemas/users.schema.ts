import { z } from 'zod';
import { Flag01QuerySchema, Flag01Schema, PageQuerySchema } from '../envelope';

const mobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号格式不正确');

export const RoleRefSchema = z.object({ roleId: z.number().int(), roleCode: z.string(), roleName: z.string() });

export const UserSchema = z.object({
  userId: z.number().int(),
  username: z.string().nullable(),
  userCode: z.string().nullable(),
  realName: z.string().nullable(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  department: z.string().nullable(),
  userType: z.enum(['staff', 'wechat']),
  isActive: Flag01Schema,
  roles: z.array(RoleRefSchema),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const UserListQuerySchema = PageQuerySchema.extend({
  isActive: Flag01QuerySchema.optional(),
  keyword: z.string().trim().max(64).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

const roleIds = z.array(z.number().int().positive()).max(20);

export const UserCreateSchema = z.object({
  userCode: z.string().trim().min(1).max(32),
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为 3-32 位字母、数字、_ . -')
    .optional(),
  realName: z.string().trim().min(1, '请输入姓名').max(32),
  mobile,
  email: z.email('邮箱格式不正确').optional(),
  department: z.string().trim().max(64).optional(),
  password: z.string().min(6, '密码至少 6 位').max(128),
  roleIds: roleIds.default([]),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .object({
    realName: z.string().trim().min(1).max(32).optional(),
    mobile: mobile.optional(),
    email: z.email('邮箱格式不正确').nullable().optional(),
    department: z.string().trim().max(64).nullable().optional(),
    avatar: z.string().max(1024).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '至少修改一个字段' });
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const UserStatusSchema = z.object({ isActive: Flag01Schema, reason: z.string().trim().max(255).optional() });
export type UserStatus = z.infer<typeof UserStatusSchema>;

export const UserRolesSchema = z.object({ roleIds });
export type UserRoles = z.infer<typeof UserRolesSchema>;
