import { z } from 'zod';

export interface ApiSuccess<T> {
  success: true;
  code: number;
  message: string;
  data: T;
  timestamp: number;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export interface ApiFailure {
  success: false;
  code: number;
  message: string;
  error: ApiErrorBody;
  data?: unknown;
  timestamp: number;
}

export type ApiResponse<T> = ApiSuccess<T> | ApiFailure;

export const PaginationSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  totalPages: z.number().int(),
});
export type Pagination = z.infer<typeof PaginationSchema>;

export interface Page<T> {
  list: T[];
  pagination: Pagination;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ list: z.array(item), pagination: PaginationSchema });
}

/** page/pageSize query with the defaults most documents give (1, 20) and a hard ceiling. */
export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export const IdParamSchema = z.object({ id: z.coerce.number().int().positive() });
export type IdParam = z.infer<typeof IdParamSchema>;

/** 0/1 flags as 004 writes them (`isActive: 1`). */
export const Flag01Schema = z.union([z.literal(0), z.literal(1)]);
export const Flag01QuerySchema = z.coerce.number().pipe(Flag01Schema);
