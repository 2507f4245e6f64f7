import { z } from 'zod';
import { AppError } from './app-error';

z.config(z.locales.zhCN());

const PLACE: Record<string, string> = { body: '请求体', query: '查询参数', params: '路径参数' };

export interface FieldProblem {
  field: string;
  message: string;
}

/** Parses one part of a request; a failure names every offending field, in Chinese. */
export function parsePart(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'params'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : where,
    message: issue.message,
  }));
  const first = problems[0];
  const label = first.field === where ? PLACE[where] : `${first.field}`;
  throw new AppError('VALIDATION_ERROR', `请求参数错误：${label} ${first.message}`, problems);
}
