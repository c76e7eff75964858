import { audited } from './audited';
import { KmsError } from './errors';
import { authorizeSessionsOf, sessionDetails, toSessionView, ZUserId, type SessionView } from './session-view';
import { sessionVerdict } from './session-lifetime';
import type { SessionOwner, SessionRecord, TSessionsContext } from './session-store';
import type { Principal } from './types';
import { parseInput } from './validation';

export interface TListSessionsOptions {
  actor: Principal;
  /** Whose sessions: the actor's own, or anyone's for an administrator. */
  userId: string;
}

export interface TSessionList {
  owner: SessionOwner;
  sessions: SessionView[];
}

/** A person's live sessions, most recently started first, the actor's own one marked current. */
export async function listSessions(ctx: TSessionsContext, options: TListSessionsOptions): Promise<TSessionList> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListSessions',
    failures: 'refusals',
    details: sessionDetails({ userId: options.userId }),
    run: async () => {
      const userId = parseInput({ schema: ZUserId, input: options.userId });
      authorizeSessionsOf(actor, userId);
      const owner = await ctx.sessions.findOwner(userId);
      if (!owner) throw new KmsError('NOT_FOUND', 'No person with this ID.');
      const now = ctx.clock.now();
      // Rows idle or old beyond the limits are deleted by their next request, which may never come: they
      // are no longer sessions, whatever the table still holds.
      const alive = (record: SessionRecord) =>
        record.expiresAt > now && sessionVerdict({ now, session: record, limits: ctx.sessionLimits }).alive;
      const records = (await ctx.sessions.listSessions(userId)).filter(alive);
      return { owner, sessions: records.map((record) => toSessionView(record, actor)) };
    },
  });
}
