import { DEFAULT_SESSION_LIMITS, type TSessionLimits } from '@/lib/kms';
import { integerSettingFromEnv } from './integer-setting';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Console session limits (SPEC §9): KEYFORT_SESSION_IDLE_MINUTES (default 30, 5–1440) ends a session after that
 * long without a request; KEYFORT_SESSION_MAX_HOURS (default 12, 1–168) ends it that long after sign-in,
 * however active. Idle below 5 minutes would end sessions early by up to a minute of unrecorded activity in a
 * noticeable share of cases. Malformed values stop start-up (exit 78). Every instance should use the same values.
 */
export function sessionLimitsFromEnv(env: Record<string, string | undefined>): TSessionLimits {
  const idleMinutes = integerSettingFromEnv(env, 'KEYFORT_SESSION_IDLE_MINUTES', {
    fallback: DEFAULT_SESSION_LIMITS.idleMs / MINUTE_MS,
    min: 5,
    max: 1440,
    unit: 'of minutes',
  });
  const maxHours = integerSettingFromEnv(env, 'KEYFORT_SESSION_MAX_HOURS', {
    fallback: DEFAULT_SESSION_LIMITS.maxAgeMs / HOUR_MS,
    min: 1,
    max: 168,
    unit: 'of hours',
  });
  return { idleMs: idleMinutes * MINUTE_MS, maxAgeMs: maxHours * HOUR_MS };
}
