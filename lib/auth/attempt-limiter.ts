import { createHash } from 'node:crypto';
import type { AttemptCounters } from './attempt-counters';

/** At most `max` attempts per fixed window of `windowMs`, counted per subject (an address, an account, …). */
export interface TAttemptLimit {
  /** Names the counter family, e.g. `sign-in.address`; part of every counter's key. */
  scope: string;
  max: number;
  windowMs: number;
}

export type TAttemptReservation =
  | { allowed: true; key: string }
  | { allowed: false; key: string; retryAfterMs: number };

/** Prefix of every counter this limiter writes, kept apart from Better Auth's own rows in the same table. */
export const COUNTER_KEY_PREFIX = 'keyfort:';

export function windowStartMs(limit: TAttemptLimit, nowMs: number): number {
  return Math.floor(nowMs / limit.windowMs) * limit.windowMs;
}

/** Milliseconds until the window holding `nowMs` ends: when a refused subject may try again. */
export function retryAfterMs(limit: TAttemptLimit, nowMs: number): number {
  return windowStartMs(limit, nowMs) + limit.windowMs - nowMs;
}

/** Whole minutes to tell a person to wait (never "0 minutes"). */
export function minutesToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * One counter per subject and window. The subject is hashed: the key stays short whatever was typed, and
 * the table does not collect the email addresses people tried.
 */
export function counterKey(limit: TAttemptLimit, subject: string, nowMs: number): string {
  const digest = createHash('sha256').update(subject).digest('hex');
  return `${COUNTER_KEY_PREFIX}${limit.scope}:${digest}:${windowStartMs(limit, nowMs)}`;
}

/**
 * Counts the attempt before it is made (one atomic increment), and allows it only if the count stays
 * within the limit. Counting first is what makes the limit hold under concurrency: of any number of
 * simultaneous attempts, at most `max` per window are ever allowed. A fixed window lets a subject make up
 * to 2×max attempts across a boundary; the limits are chosen with that in mind.
 */
export async function reserveAttempt(options: {
  counters: AttemptCounters;
  limit: TAttemptLimit;
  subject: string;
  nowMs: number;
}): Promise<TAttemptReservation> {
  const { limit, nowMs } = options;
  const key = counterKey(limit, options.subject, nowMs);
  const expiresAtMs = windowStartMs(limit, nowMs) + limit.windowMs;
  const count = await options.counters.increment({ key, expiresAtMs, nowMs });
  if (count <= limit.max) return { allowed: true, key };
  return { allowed: false, key, retryAfterMs: retryAfterMs(limit, nowMs) };
}
