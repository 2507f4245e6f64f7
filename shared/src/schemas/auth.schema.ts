import { z } from 'zod';

export const LoginSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});
export type Login = z.infer<typeof LoginSchema>;

export const StaffUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  /** 004 §1.1: the primary role's id (admin = 6). */
  role: z.number().int().nullable(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  avatar: z.string().nullable(),
});

export const LoginResultSchema = z.object({
  token: z.string(),
  expiresAt: z.number().int().describe('epoch milliseconds'),
  user: StaffUserSchema,
});
export type LoginResult = z.infer<typeof LoginResultSchema>;

export const StaffProfileSchema = StaffUserSchema.extend({
  department: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export type StaffProfile = z.infer<typeof StaffProfileSchema>;

export const PasswordChangeSchema = z
  .object({
    oldPassword: z.string().min(1, '请输入原密码').max(128),
    newPassword: z.string().min(6, '新密码至少 6 位').max(128),
  })
  .refine((v) => v.oldPassword !== v.newPassword, { message: '新密码不能与原密码相同', path: ['newPassword'] });
export type PasswordChange = z.infer<typeof PasswordChangeSchema>;

export const TokenResultSchema = z.object({ token: z.string(), expiresAt: z.number().int() });
export type TokenResult = z.infer<typeof TokenResultSchema>;

export const WxLoginSchema = z.object({
  code: z.string().trim().max(256).optional(),
  userInfo: z
    .object({ nickName: z.string().max(64).optional(), avatarUrl: z.string().max(1024).optional() })
    .optional(),
});
export type WxLogin = z.infer<typeof WxLoginSchema>;

export const WxLoginResultSchema = z.object({
  token: z.string(),
  userId: z.string(),
  expiresAt: z.number().int(),
  bound: z.boolean().describe('是否已绑定企业或工厂；未绑定时须调用 bind-company'),
});
export type WxLoginResult = z.infer<typeof WxLoginResultSchema>;

export const BindCompanySchema = z.object({
  inviteCode: z.string().trim().min(1, '邀请码不能为空').max(64),
  userId: z.union([z.string(), z.number()]).optional(),
});
export type BindCompany = z.infer<typeof BindCompanySchema>;

export const CompanyInfoSchema = z.object({
  companyId: z.string().describe('客户编号（CUST-…）或工厂编号'),
  companyName: z.string(),
  customerId: z.string().nullable(),
  factoryId: z.string().nullable(),
});

export const BindResultSchema = z.object({
  bindStatus: z.literal(true),
  bindType: z.enum(['customer', 'factory']),
  alreadyBound: z.boolean(),
  companyInfo: CompanyInfoSchema,
});
export type BindResult = z.infer<typeof BindResultSchema>;

export const WxUserProfileSchema = z.object({
  userId: z.string(),
  nickName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  roles: z.array(z.string()),
  erpBinding: z.object({
    companyId: z.string().nullable(),
    companyName: z.string().nullable(),
    customerId: z.string().nullable(),
    boundAt: z.number().int().nullable(),
  }),
  factoryBinding: z
    .object({ factoryId: z.string(), factoryName: z.string(), boundAt: z.number().int().nullable() })
    .nullable(),
  sessionExpiresAt: z.number().int(),
});
export type WxUserProfile = z.infer<typeof WxUserProfileSchema>;
