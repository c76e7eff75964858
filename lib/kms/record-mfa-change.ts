import type { KmsContext } from './context';
import type { KmsErrorCode } from './errors';
import type { Principal } from './types';

export type TMfaChange = 'EnableMfa' | 'DisableMfa' | 'RegenerateRecoveryCodes';

export interface TRecordMfaChangeOptions {
  /** The person turning multi-factor sign-in on or off for themselves. */
  actor: Principal;
  action: TMfaChange;
  /** Omitted on success; UNAUTHENTICATED for a wrong password or code. */
  errorCode?: KmsErrorCode;
}

/**
 * Audits a person turning multi-factor sign-in on or off, or replacing their recovery codes. The sign-in library (Better Auth's two-factor
 * plugin) holds the secret and the recovery codes and makes the change; this records who did it and how it
 * ended. No permission applies: everyone manages their own sign-in. Never pass a secret, code or URI here.
 */
export async function recordMfaChange(ctx: KmsContext, options: TRecordMfaChangeOptions): Promise<void> {
  const failed = options.errorCode !== undefined;
  await ctx.store.insertAudit({
    at: ctx.clock.now(),
    actor: options.actor,
    action: options.action,
    keyId: null,
    result: failed ? 'FAILURE' : 'SUCCESS',
    errorCode: options.errorCode ?? null,
  });
}
