'use client';

import { useTranslations } from 'next-intl';
import { splitRemaining } from './remaining-time';
import { useNow } from './use-now';

/** "2 d 3 h 15 min" / "23 h 59 min 58 s": the time left until `until`, updated every second. */
export function useRemainingText(until: Date): { text: string | null; remainingMs: number | null } {
  const t = useTranslations('keys.countdown');
  const now = useNow();
  if (now === null) return { text: null, remainingMs: null };
  const remainingMs = until.getTime() - now;
  const parts = splitRemaining(remainingMs);
  return { text: t(parts.unit, { ...parts }), remainingMs };
}

/**
 * A live countdown. role="timer" keeps screen readers from announcing every tick; `expired` is shown once
 * the instant has passed. Nothing is rendered on the server (see useNow).
 */
export function Countdown({
  until,
  label,
  expired,
  format = (remaining) => remaining,
  className,
}: {
  until: Date;
  label: string;
  expired: string;
  /** Puts the remaining time into a sentence, e.g. "expires in {remaining}". */
  format?: (remaining: string) => string;
  className?: string;
}) {
  const { text, remainingMs } = useRemainingText(until);
  if (text === null || remainingMs === null) return null;
  return (
    <span role="timer" aria-label={label} className={className} data-testid="countdown">
      {remainingMs > 0 ? format(text) : expired}
    </span>
  );
}
