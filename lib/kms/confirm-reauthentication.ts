import { KmsError } from './errors';
import type { TSessionsContext } from './session-store';
import type { Principal } from './types';

export interface TConfirmReauthenticationOptions {
  /** The person whose password (or code) the authentication layer has just checked, in their session. */
  actor: Principal;
}

/**
 * Records that the actor's session proved itself again just now: sensitive actions (fresh authentication,
 * SPEC §9) pass for the next 10 minutes. Called only after the password or code was verified; the time and
 * the Reauthenticate audit record are written together. A session that ended meanwhile is UNAUTHENTICATED.
 */
export async function confirmReauthentication(ctx: TSessionsContext, options: TConfirmReauthenticationOptions): Promise<Date> {
  const { actor } = options;
  if (actor.type !== 'user' || !actor.sessionId) throw new KmsError('UNAUTHENTICATED', 'Only a signed-in person can re-authenticate.');
  const now = ctx.clock.now();
  const marked = await ctx.sessions.markAuthenticated(actor.sessionId, now, {
    at: now,
    actor,
    action: 'Reauthenticate',
    keyId: null,
    result: 'SUCCESS',
    errorCode: null,
  });
  if (!marked) throw new KmsError('UNAUTHENTICATED', 'The session has ended.');
  return now;
}
