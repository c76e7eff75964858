'use client';

import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { useRemainingText } from './countdown';
import { EXPIRY_WARNING_MS } from './remaining-time';

/**
 * A warning next to a key whose imported material expires within 7 days: from then on the key cannot be
 * used until the same material is imported again. Shown on the key page and in the keys list.
 */
export function MaterialExpiryBadge({ expiresAt }: { expiresAt: Date | null }) {
  if (!expiresAt) return null;
  return <ExpiryWarning expiresAt={expiresAt} />;
}

function ExpiryWarning({ expiresAt }: { expiresAt: Date }) {
  const t = useTranslations('keys.material');
  const { text, remainingMs } = useRemainingText(expiresAt);
  if (text === null || remainingMs === null || remainingMs <= 0 || remainingMs >= EXPIRY_WARNING_MS) return null;
  return (
    <Badge tone="amber" data-testid="material-expiry-warning" title={t('expiresSoonHint')}>
      {t('expiresSoon', { remaining: text })}
    </Badge>
  );
}
