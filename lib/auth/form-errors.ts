import type { z } from 'zod';

/**
 * Field errors are stable keys, not zod's English text: the page turns them into words per field (the
 * console: keys.json `form.<field>.<key>`, falling back to errors.json `field.<key>`; sign-in and set-up:
 * auth.json `fields`). One shape for every form: each field's keys, first problem first.
 */
export type FieldErrorKey = 'required' | 'tooShort' | 'tooLong' | 'tooSmall' | 'tooLarge' | 'invalid' | 'mismatch';
export type FieldErrors = Record<string, FieldErrorKey[]>;

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function fieldErrorKey(issue: z.core.$ZodIssue, input: unknown): FieldErrorKey {
  const value = valueAt(input, issue.path);
  // An unticked required checkbox arrives as false: for the person filling the form, it is missing.
  if (value === undefined || value === null || value === '' || value === false) return 'required';
  if (issue.code === 'custom' && (issue.params as { mismatch?: boolean } | undefined)?.mismatch) return 'mismatch';
  if (issue.code === 'too_small') return issue.origin === 'string' ? 'tooShort' : 'tooSmall';
  if (issue.code === 'too_big') return issue.origin === 'string' ? 'tooLong' : 'tooLarge';
  return 'invalid';
}

export function toFieldErrors(error: z.ZodError, input: unknown): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    const key = fieldErrorKey(issue, input);
    const list = (result[field] ??= []);
    if (!list.includes(key)) list.push(key);
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
