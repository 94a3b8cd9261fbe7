import type * as z from 'zod';
import { DomainError } from './errors.ts';

/** Where a zod issue points and what it says, without echoing the value (it may be personal data). */
export function issuesOf(error: z.ZodError, where: 'body' | 'query' | 'path' | 'headers' = 'body'): { path: string; issue: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || `(${where})`, issue: issue.message }));
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'path' | 'headers'): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Dữ liệu gửi lên không hợp lệ (${where})`,
      `The request ${where} ${where === 'headers' ? 'are' : 'is'} not valid`,
      issuesOf(result.error, where),
    );
  }
  return result.data;
}
