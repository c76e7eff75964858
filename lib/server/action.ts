import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { requireActionPrincipal } from '@/lib/auth/session';
import { isKmsError, type KmsErrorCode, type KmsErrorReason } from '@/lib/kms';
import type { KmsContext } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { describeError } from '@/lib/kms';
import { getKmsContext } from '@/lib/server/kms-context';

export type ActionErrorCode = KmsErrorCode | 'INTERNAL';

/**
 * Field errors are stable keys, not zod's English text: the console turns them into words per field
 * (keys.json `form.<field>.<key>`, falling back to errors.json `field.<key>`).
 */
export type FieldErrorKey = 'required' | 'tooShort' | 'tooLong' | 'tooSmall' | 'tooLarge' | 'invalid';
export type FieldErrors = Record<string, FieldErrorKey[]>;

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ActionErrorCode; reason?: KmsErrorReason; fieldErrors?: FieldErrors };

export type ActionHandler<I, T> = (ctx: KmsContext, actor: Principal, input: I) => Promise<T>;

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
  if (issue.code === 'too_small') return issue.origin === 'string' ? 'tooShort' : 'tooSmall';
  if (issue.code === 'too_big') return issue.origin === 'string' ? 'tooLong' : 'tooLarge';
  return 'invalid';
}

function toFieldErrors(error: z.ZodError, input: unknown): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    const key = fieldErrorKey(issue, input);
    const list = (result[field] ??= []);
    if (!list.includes(key)) list.push(key);
  }
  return result;
}

// Internal errors can carry driver text that echoes query arguments (sealed material included), so only
// the error's type and the stack frames are logged, under an id an operator can correlate.
function logInternalError(error: unknown): void {
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1).join('\n') : '';
  console.error(`[keyfort] server action failed (incident ${randomUUID()}): ${describeError(error)}${frames ? `\n${frames}` : ''}`);
}

/**
 * The only way server actions are written. Each action authenticates itself (a proxy/middleware check is
 * not enough: actions are reachable by a plain POST), validates its input with zod, and calls the handler,
 * which performs exactly one domain operation. Only known KmsError codes reach the browser.
 */
export function defineAction<S extends z.ZodType, T>(
  schema: S,
  handler: ActionHandler<z.output<S>, T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const actor = await requireActionPrincipal();
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, code: 'VALIDATION', fieldErrors: toFieldErrors(parsed.error, input) };
      }
      const ctx = await getKmsContext();
      const data = await handler(ctx, actor, parsed.data);
      return { ok: true, data };
    } catch (error) {
      unstable_rethrow(error);
      if (isKmsError(error)) return { ok: false, code: error.code, ...(error.reason ? { reason: error.reason } : {}) };
      logInternalError(error);
      return { ok: false, code: 'INTERNAL' };
    }
  };
}
