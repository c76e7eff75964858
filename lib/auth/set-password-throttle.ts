import type { AttemptCounters } from './attempt-counters';
import { minutesToWait, reserveAttempt, type TAttemptLimit } from './attempt-limiter';

/**
 * Failed set-password attempts per client address per 15 minutes. A link's 256-bit token cannot be guessed;
 * the limit is there so that anonymous posts cannot write audit records (each failure is audited) without
 * bound. Successes are taken back, so only failures count.
 */
export const SET_PASSWORD_ADDRESS_LIMIT: TAttemptLimit = { scope: 'set-password.address', max: 10, windowMs: 15 * 60_000 };

export type TSetPasswordAdmission = { allowed: true; forgive: () => Promise<void> } | { allowed: false; retryAfterMinutes: number };

/** Counts the attempt before the link is looked at (one atomic increment, shared by every instance). */
export async function admitSetPassword(options: { counters: AttemptCounters; address: string; nowMs: number }): Promise<TSetPasswordAdmission> {
  const reservation = await reserveAttempt({ counters: options.counters, limit: SET_PASSWORD_ADDRESS_LIMIT, subject: options.address, nowMs: options.nowMs });
  if (!reservation.allowed) return { allowed: false, retryAfterMinutes: minutesToWait(reservation.retryAfterMs) };
  return { allowed: true, forgive: () => options.counters.decrement({ key: reservation.key }) };
}
