import { SESSION_ACTIVITY_INTERVAL_MS, sessionVerdict } from '@/lib/kms';
import { getSessionsContext } from '@/lib/server/sessions-context';

/** The part of a Better Auth session row the lifetime rule reads. */
export interface TActiveSessionRow {
  id: string;
  createdAt: Date | string;
  lastActiveAt?: Date | string | null;
}

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/**
 * Enforces the idle timeout and the absolute lifetime on every request (SPEC §9). An ended session's row is
 * deleted, so the request (and any later one with the same cookie) is signed out; a live one has this request
 * recorded as its latest activity, at most once a minute. Returns whether the session lives.
 */
export async function keepSessionAlive(row: TActiveSessionRow): Promise<boolean> {
  const ctx = await getSessionsContext();
  const now = ctx.clock.now();
  const session = { createdAt: toDate(row.createdAt), lastActiveAt: row.lastActiveAt ? toDate(row.lastActiveAt) : null };
  const verdict = sessionVerdict({ now, session, limits: ctx.sessionLimits });
  if (!verdict.alive) {
    await ctx.sessions.expireSession(row.id);
    return false;
  }
  if (verdict.touch) await ctx.sessions.touchSession(row.id, now, SESSION_ACTIVITY_INTERVAL_MS);
  return true;
}
