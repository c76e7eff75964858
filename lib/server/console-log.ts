import { describeError } from '@/lib/kms';
import { componentLogger } from './logger';

/**
 * One line for a console step outside defineAction (sign-in, set-up, sign-out, multi-factor): its outcome
 * and duration, and the actor's ID when known — never the email typed, the password, a code or a cookie.
 * A thrown error is logged by its type and code only (describeError), as an error.
 */
export function logConsoleOutcome(options: { operation: string; result: string; started?: number; actorId?: string | null; error?: unknown; status?: number }): void {
  const fields = {
    operation: options.operation,
    actorId: options.actorId ?? null,
    result: options.result,
    ...(options.started === undefined ? {} : { durationMs: Math.round((performance.now() - options.started) * 100) / 100 }),
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.error === undefined ? {} : { error: describeError(options.error) }),
  };
  const log = componentLogger('console');
  if (options.error !== undefined || options.result === 'failed') log.error(fields, `${options.operation}: ${options.result}`);
  else log.info(fields, `${options.operation}: ${options.result}`);
}
