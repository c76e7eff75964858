import { audited } from './audited';
import { KmsError } from './errors';
import { authorizeSessionsOf, sessionDetails, ZUserId } from './session-view';
import type { TSessionsContext } from './session-store';
import type { Principal } from './types';
import { parseInput } from './validation';

export interface TRevokeAllSessionsOptions {
  actor: Principal;
  userId: string;
}

/**
 * Ends every session of a person at once. For oneself it is "sign out everywhere else": the session making
 * the request stays. An administrator ending someone else's sessions ends all of them.
 */
export async function revokeAllSessions(ctx: TSessionsContext, options: TRevokeAllSessionsOptions): Promise<{ ended: number }> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'RevokeAllSessions',
    details: sessionDetails({ userId: options.userId }),
    run: async () => {
      const userId = parseInput({ schema: ZUserId, input: options.userId });
      authorizeSessionsOf(actor, userId);
      if (!(await ctx.sessions.findOwner(userId))) throw new KmsError('NOT_FOUND', 'No person with this ID.');
      const own = actor.type === 'user' && actor.id === userId;
      const exceptId = own ? actor.sessionId : undefined;
      const at = ctx.clock.now();
      const ended = await ctx.sessions.deleteSessionsOfUser({ userId, exceptId }, (count) => ({
        at,
        actor,
        action: 'RevokeAllSessions',
        keyId: null,
        result: 'SUCCESS',
        errorCode: null,
        details: { userId, ended: count, keptCurrent: exceptId !== undefined },
      }));
      return { ended };
    },
  });
}
