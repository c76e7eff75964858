import { audited } from './audited';
import { can } from './authorize';
import { KmsError } from './errors';
import { sessionDetails, ZSessionId } from './session-view';
import type { TSessionsContext } from './session-store';
import type { Principal } from './types';
import { parseInput } from './validation';

export interface TRevokeSessionOptions {
  actor: Principal;
  sessionId: string;
}

/**
 * Ends one session at once: its row goes, so its next request is signed out (sessions are read from the
 * database on every request). People end their own sessions; administrators anyone's. Someone else's
 * session is NOT_FOUND to a non-administrator, so session ids cannot be probed.
 */
export async function revokeSession(ctx: TSessionsContext, options: TRevokeSessionOptions): Promise<{ userId: string }> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'RevokeSession',
    details: sessionDetails({ sessionId: options.sessionId }),
    run: async () => {
      const sessionId = parseInput({ schema: ZSessionId, input: options.sessionId });
      const session = await ctx.sessions.findSession(sessionId);
      const own = session !== null && actor.type === 'user' && session.userId === actor.id;
      if (!session || !(own || can(actor, 'users:manage'))) throw new KmsError('NOT_FOUND', 'No such session: it may have ended already.');
      const audit = {
        at: ctx.clock.now(),
        actor,
        action: 'RevokeSession',
        keyId: null,
        result: 'SUCCESS',
        errorCode: null,
        details: { userId: session.userId, sessionId },
      } as const;
      // Conditional on the owner read: of two racing revocations only one deletes and audits.
      if (!(await ctx.sessions.deleteSession({ id: sessionId, userId: session.userId }, audit))) {
        throw new KmsError('NOT_FOUND', 'No such session: it may have ended already.');
      }
      return { userId: session.userId };
    },
  });
}
