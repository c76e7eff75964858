'use client';

import { useTranslations } from 'next-intl';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { expiryUrgency, type ExpiryUrgency } from '@/lib/kms/expiry-urgency';
import { useRemainingText } from './countdown';

// Tone and words by urgency (thresholds: lib/kms/expiry-urgency.ts); the text says the level too, so it is
// not told by colour alone.
const TONE: Record<ExpiryUrgency, BadgeTone> = { EXPIRED: 'red', CRITICAL: 'red', WARNING: 'amber', NOTICE: 'blue', NONE: 'gray' };

/**
 * The one live countdown to a material's expiry, as a badge whose tone and wording grow with the urgency:
 * under 24 h, under 7 days, under 30 days. Seconds show under a day (remaining-time.ts), when they matter.
 * Nothing is rendered on the server (useNow), so there is no hydration mismatch.
 */
export function ExpiryCountdown({ expiresAt }: { expiresAt: Date }) {
  const t = useTranslations('keys.material.urgency');
  const { text, remainingMs } = useRemainingText(expiresAt);
  if (text === null || remainingMs === null) return null;
  const urgency = expiryUrgency(expiresAt, new Date(expiresAt.getTime() - remainingMs));
  return (
    <Badge tone={TONE[urgency]} role="timer" aria-label={t('label')} title={t('hint')} data-testid="material-expiry-countdown" data-urgency={urgency}>
      {t(urgency, { remaining: text })}
    </Badge>
  );
}
