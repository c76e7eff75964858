import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { toFieldErrors, type FieldErrors } from '@/lib/auth/form-errors';
import { requireActionPrincipal, type TPrincipalOptions } from '@/lib/auth/session';
import { databaseUnavailableError, isDatabaseUnreachable } from '@/lib/db/database-unavailable';
import { describeError, isKmsError, type KmsContext, type KmsError, type KmsErrorCode, type KmsErrorReason } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';
import { componentLogger } from '@/lib/server/logger';

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

/** What the action's line may say: who, which key, how it ended; never the input's other fields. */
interface TActionFacts {
  /** The action's name, in the `operation` field as API lines name theirs. */
  operation: string;
  actorId: string | null;
  keyId: string | null;
  started: number;
}

function logAction(facts: TActionFacts, result: ActionResult<unknown>, incident?: { incidentId: string; error: string; frames: string }): void {
  const { started, ...named } = facts;
  const fields = { ...named, result: result.ok ? 'ok' : result.code, durationMs: Math.round((performance.now() - started) * 100) / 100 };
  const log = componentLogger('console');
  if (incident) log.error({ ...fields, ...incident }, `server action failed (incident ${incident.incidentId})`);
  else log.info(fields, 'server action');
}

// Internal errors can carry driver text that echoes query arguments (sealed material included), so only
// the error's type and the stack frames are logged, under an id an operator can correlate.
function describeIncident(error: unknown) {
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1).join('\n') : '';
  return { incidentId: randomUUID(), error: describeError(error), frames };
}

function keyIdOf(input: unknown): string | null {
  const keyId = (input as { keyId?: unknown } | null)?.keyId;
  return typeof keyId === 'string' ? keyId : null;
}

/**
 * The only way server actions are written. Each action authenticates itself (a proxy/middleware check is
 * not enough: actions are reachable by a plain POST), validates its input with zod, and calls the handler,
 * which performs exactly one domain operation. Only known KmsError codes reach the browser. Each call
 * writes one log line: the action's `name`, the actor, the key when the input names one, the result and
 * the duration. `options.beforeMfaEnrolment` opens the action to a person the multi-factor policy sends to
 * enrolment (only what that page and the console frame around it offer).
 */
export function defineAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: ActionHandler<z.output<S>, T>,
  options: TPrincipalOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const facts: TActionFacts = { operation: name, actorId: null, keyId: null, started: performance.now() };
    const finish = (result: ActionResult<T>) => (logAction(facts, result), result);
    try {
      const actor = await requireActionPrincipal(options);
      facts.actorId = actor.id;
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return finish({ ok: false, code: 'VALIDATION', fieldErrors: toFieldErrors(parsed.error, input) });
      }
      facts.keyId = keyIdOf(parsed.data);
      const ctx = await getKmsContext();
      const data = await handler(ctx, actor, parsed.data);
      // A created key is named by the answer (createKey returns its keyId).
      facts.keyId ??= keyIdOf(data);
      return finish({ ok: true, data });
    } catch (error) {
      unstable_rethrow(error);
      if (isKmsError(error)) return finish(kmsFailure(error));
      // Also when the session lookup (Better Auth, before any domain call) found the database gone.
      if (isDatabaseUnreachable(error)) return finish(kmsFailure(databaseUnavailableError()));
      const result: ActionResult<T> = { ok: false, code: 'INTERNAL' };
      logAction(facts, result, describeIncident(error));
      return result;
    }
  };
}
