'use server';

import { z } from 'zod';
import { revokeAllSessions } from '@/lib/kms';
import { revokeSession } from '@/lib/kms';
import { ZSessionId, ZUserId } from '@/lib/kms';
import { defineAction } from '@/lib/server/action';
import { getSessionsContext } from '@/lib/server/sessions-context';

// Used by "Your sessions" and by an administrator's view of a person's sessions. The domain decides who may
// end which session (own, or anyone's with users:manage) and audits both actions.

export const revokeSessionAction = defineAction('revokeSession', z.object({ sessionId: ZSessionId }), async (_ctx, actor, { sessionId }) => {
  await revokeSession(await getSessionsContext(), { actor, sessionId });
  return { sessionId };
});

/** For oneself: every other session ends, this one stays. For someone else (administrators): all of them. */
export const revokeAllSessionsAction = defineAction('revokeAllSessions', z.object({ userId: ZUserId }), async (_ctx, actor, { userId }) => {
  return revokeAllSessions(await getSessionsContext(), { actor, userId });
});
