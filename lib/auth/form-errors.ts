import type { z } from 'zod';

/** Stable keys the sign-in and set-up forms turn into words (messages/en/auth.json `fields`). */
export type TFieldErrorKey = 'required' | 'invalid' | 'tooShort' | 'tooLong' | 'mismatch';
export type TFieldErrors = Record<string, TFieldErrorKey>;

function keyOf(issue: z.core.$ZodIssue, value: unknown): TFieldErrorKey {
  if (value === undefined || value === null || value === '') return 'required';
  if (issue.code === 'custom' && (issue.params as { mismatch?: boolean } | undefined)?.mismatch) return 'mismatch';
  if (issue.code === 'too_small') return 'tooShort';
  if (issue.code === 'too_big') return 'tooLong';
  return 'invalid';
}

/** The first problem of each field; zod's English text never reaches the page. */
export function toFieldErrors(error: z.ZodError, input: Record<string, unknown>): TFieldErrors {
  const result: TFieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_form';
    result[field] ??= keyOf(issue, input[field]);
  }
  return result;
}

/** Text fields of a form post; anything else (files, missing fields) reads as empty. */
export function formText(formData: FormData, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => {
    const value = formData.get(field);
    return [field, typeof value === 'string' ? value : ''];
  }));
}
