/*
 * How close imported material is to its expiry, in one place: the console's badge tone and text, the keys
 * list's "expires within" filter and the warnings all read these thresholds. After the instant the material is
 * unusable (SPEC §5), so the nearer the instant, the louder the console gets.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const EXPIRY_URGENCIES = ['EXPIRED', 'CRITICAL', 'WARNING', 'NOTICE', 'NONE'] as const;
export type ExpiryUrgency = (typeof EXPIRY_URGENCIES)[number];

/** The windows, nearest first: material expiring within `withinMs` of now (exclusive of now itself) has `urgency`. */
export const EXPIRY_WINDOWS = [
  { id: '24h', urgency: 'CRITICAL', withinMs: DAY_MS },
  { id: '7d', urgency: 'WARNING', withinMs: 7 * DAY_MS },
  { id: '30d', urgency: 'NOTICE', withinMs: 30 * DAY_MS },
] as const satisfies readonly { id: string; urgency: ExpiryUrgency; withinMs: number }[];

export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number]['id'];
export const EXPIRY_WINDOW_IDS = EXPIRY_WINDOWS.map((window) => window.id) as [ExpiryWindow, ...ExpiryWindow[]];

export function expiryWindowMs(window: ExpiryWindow): number {
  return EXPIRY_WINDOWS.find((w) => w.id === window)!.withinMs;
}

/**
 * EXPIRED from the instant itself on; CRITICAL under 24 h, WARNING under 7 days, NOTICE under 30 days; NONE
 * beyond, and for material that never expires (null). A window's bound itself belongs to the next, calmer level.
 */
export function expiryUrgency(expiresAt: Date | null, now: Date): ExpiryUrgency {
  if (expiresAt === null) return 'NONE';
  const remainingMs = expiresAt.getTime() - now.getTime();
  if (remainingMs <= 0) return 'EXPIRED';
  return EXPIRY_WINDOWS.find((window) => remainingMs < window.withinMs)?.urgency ?? 'NONE';
}
