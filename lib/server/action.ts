import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { toFieldErrors, type FieldErrors } from '@/lib/auth/form-errors';
import { requireActionPrincipal } from '@/lib/auth/session';
import { databaseUnavailableError, isDatabaseUnreachable } from '@/lib/db/database-unavailable';
import { describeError, isKmsError, type KmsContext, type KmsError, type KmsErrorCode, type KmsErrorReason } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';

export type ActionErrorCode = KmsErrorCode | 'INTERNAL';

export type { FieldErrorKey, FieldErrors } from '@/lib/auth/form-errors';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ActionErrorCode; reason?: KmsErrorReason; params?: Readonly<Record<string, string>>; fieldErrors?: FieldErrors };

/**
 * A refusal as the browser receives it: code, reason, and the error's non-secret facts (`params`, e.g. the
 * version and key check value a refused import expected), which the messages put into their words.
 */
export function kmsFailure(error: KmsError): Extract<ActionResult<never>, { ok: false }> {
  return {
    ok: false,
    code: error.code,
    ...(error.reason ? { reason: error.reason } : {}),
    ...(Object.keys(error.params).length > 0 ? { params: { ...error.params } } : {}),
  };
}

export type ActionHandler<I, T> = (ctx: KmsContext, actor: Principal, input: I) => Promise<T>;

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
      if (isKmsError(error)) return kmsFailure(error);
      // Also when the session lookup (Better Auth, before any domain call) found the database gone.
      if (isDatabaseUnreachable(error)) return kmsFailure(databaseUnavailableError());
      logInternalError(error);
      return { ok: false, code: 'INTERNAL' };
    }
  };
}
