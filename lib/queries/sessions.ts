// Reads the session and the database: a client component importing this fails the build instead of leaking it.
import 'server-only';
import { requirePagePrincipal } from '@/lib/auth/session';
import { isKmsError } from '@/lib/kms';
import { listSessions, type TSessionList } from '@/lib/kms';
import type { TSessionLimits } from '@/lib/kms';
import { getSessionsContext } from '@/lib/server/sessions-context';

export type TSessionsResult =
  | { ok: true; list: TSessionList; limits: TSessionLimits; self: boolean }
  | { ok: false; reason: 'FORBIDDEN' | 'NOT_FOUND' };

/**
 * A person's sessions for the sessions pages: the signed-in person's own when `userId` is omitted. The domain
 * decides who may see whose (and audits a refusal); refusals and unknown people become the page's notices.
 */
export async function getSessions(userId?: string): Promise<TSessionsResult> {
  const actor = await requirePagePrincipal();
  const ctx = await getSessionsContext();
  const target = userId ?? actor.id;
  try {
    const list = await listSessions(ctx, { actor, userId: target });
    return { ok: true, list, limits: ctx.sessionLimits, self: actor.type === 'user' && actor.id === target };
  } catch (error) {
    if (isKmsError(error) && error.code === 'FORBIDDEN') return { ok: false, reason: 'FORBIDDEN' };
    if (isKmsError(error) && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION')) return { ok: false, reason: 'NOT_FOUND' };
    throw error;
  }
}
