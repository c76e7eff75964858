/** How long a console session lives (SPEC §9): ended after `idleMs` without a request, and `maxAgeMs` after sign-in. */
export interface TSessionLimits {
  idleMs: number;
  maxAgeMs: number;
}

export const DEFAULT_SESSION_LIMITS: TSessionLimits = { idleMs: 30 * 60_000, maxAgeMs: 12 * 60 * 60_000 };

/**
 * Activity is written at most once per interval, so a busy session costs one write a minute, not one per
 * request. The price: the recorded activity may lag the real one by up to this much, so a session can end
 * up to a minute before its idle limit, never after it.
 */
export const SESSION_ACTIVITY_INTERVAL_MS = 60_000;

export interface TSessionTimes {
  createdAt: Date;
  /** The last recorded request; null until the first one after sign-in (then createdAt counts). */
  lastActiveAt: Date | null;
}

export type TSessionVerdict =
  | { alive: false; reason: 'idle' | 'age' }
  /** `touch`: record this request as the session's latest activity (one interval has passed). */
  | { alive: true; touch: boolean };

/**
 * Decides, for a request at `now`, whether the session still lives. Both instants themselves count as
 * expired: a session idle for exactly `idleMs`, or exactly `maxAgeMs` old, has ended.
 */
export function sessionVerdict(options: { now: Date; session: TSessionTimes; limits: TSessionLimits }): TSessionVerdict {
  const { now, session, limits } = options;
  const nowMs = now.getTime();
  const createdMs = session.createdAt.getTime();
  if (nowMs - createdMs >= limits.maxAgeMs) return { alive: false, reason: 'age' };
  const activeMs = Math.max(createdMs, session.lastActiveAt?.getTime() ?? createdMs);
  if (nowMs - activeMs >= limits.idleMs) return { alive: false, reason: 'idle' };
  return { alive: true, touch: nowMs - activeMs >= SESSION_ACTIVITY_INTERVAL_MS };
}
