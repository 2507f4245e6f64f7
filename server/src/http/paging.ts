import type { Page, PageQuery } from '@app/shared';

export function toPage<T>(list: T[], total: number, q: PageQuery): Page<T> {
  return {
    list,
    pagination: { page: q.page, pageSize: q.pageSize, total, totalPages: Math.ceil(total / q.pageSize) },
  };
}
