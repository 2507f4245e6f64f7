import { z } from 'zod';

/** Field types the order schemas share (not exported from the package index). */
export const text = (max: number) => z.string().trim().max(max);
export const required = (max: number, message: string) => text(max).min(1, message);
export const id = z.number().int().positive();
export const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (v) => {
      const at = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(v);
    },
    { message: '日期不存在' },
  );
export const dateTime = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: '时间格式应为 ISO 8601' });
/** An image or file address: http(s) or a path on this site (`/files/...`). */
export const fileUrl = z
  .string()
  .trim()
  .max(1024)
  .regex(/^(https?:\/\/|\/)\S+$/, '须为 http(s) 链接或站内文件路径');
/** Quantities and sizes: positive decimals with at most two places, as strings after parsing. */
export const decimal = (label: string) =>
  z
    .union([z.number(), z.string().trim()])
    .transform((v) => (typeof v === 'number' ? String(v) : v))
    .pipe(z.string().regex(/^\d{1,8}(\.\d{1,2})?$/, `${label}须为正数，最多两位小数`))
    .refine((v) => Number(v) > 0, { message: `${label}须大于 0` });
