import { z } from 'zod';
import { parsePart, type FieldProblem } from '@app/server/src/http/validate';
import { appErrorThrownBy } from './support/app-error';

const Login = z.object({ username: z.string().min(1), password: z.string().min(6) });

describe(parsePart.name, () => {
  it('returns the parsed data, with coercions and defaults applied', () => {
    const Query = z.object({ page: z.coerce.number().int().min(1).default(1), keyword: z.string().optional() });
    expect(parsePart(Query, { page: '3' }, 'query')).toEqual({ page: 3 });
    expect(parsePart(Query, {}, 'query')).toEqual({ page: 1 });
    expect(parsePart(Login, { username: 'a', password: 'secret1', extra: 1 }, 'body')).toEqual({
      username: 'a',
      password: 'secret1',
    });
  });

  it('answers undefined when the route declares no schema for the part', () => {
    expect(parsePart(undefined, { anything: true }, 'body')).toBeUndefined();
  });

  it('throws VALIDATION_ERROR (400) naming the first bad field and listing every bad field', () => {
    const err = appErrorThrownBy(() => parsePart(Login, { password: '123' }, 'body'));
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/^请求参数错误：username /);
    const details = err.details as FieldProblem[];
    expect(details.map((d) => d.field)).toEqual(['username', 'password']);
    for (const d of details) expect(d.message).toMatch(/\p{Script=Han}/u);
  });

  it('names a nested field by its dotted path', () => {
    const Body = z.object({ contact: z.object({ phone: z.string().regex(/^1\d{10}$/) }) });
    const err = appErrorThrownBy(() => parsePart(Body, { contact: { phone: '123' } }, 'body'));
    expect(err.message).toContain('contact.phone');
    expect(err.details).toEqual([{ field: 'contact.phone', message: expect.any(String) }]);
  });

  it.each<['body' | 'query' | 'params', string]>([
    ['body', '请求体'],
    ['query', '查询参数'],
    ['params', '路径参数'],
  ])('names the whole %s in Chinese when the part itself is wrong', (where, label) => {
    const err = appErrorThrownBy(() => parsePart(Login, 'not an object', where));
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message).toContain(label);
    expect(err.details).toEqual([{ field: where, message: expect.any(String) }]);
  });
});
