import { useFormatter, useTranslations } from 'next-intl';
import { DATE_TIME } from '@/components/format';
import type { KeyView } from '@/lib/kms';
import { ExpiryCountdown } from './expiry-countdown';

/**
 * The keys list's expiry column: the instant (UTC, as the header says) and its countdown badge for any
 * expiring material, however far off; "Never" for imported material without expiry; when it expired for
 * material that did; a dash where expiry does not apply (generated keys, nothing imported yet).
 */
export function MaterialExpiryCell({ keyView }: { keyView: KeyView }) {
  const t = useTranslations('keys.list.expiry');
  const format = useFormatter();
  const { status, expiresAt, removal } = keyView.material;
  if (expiresAt) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <time dateTime={expiresAt.toISOString()} className="text-gray-700">
          {format.dateTime(expiresAt, DATE_TIME)}
        </time>
        <ExpiryCountdown expiresAt={expiresAt} />
      </span>
    );
  }
  if (status === 'IMPORTED') return <span className="text-gray-700">{t('never')}</span>;
  if (removal?.cause === 'EXPIRED') {
    return (
      <span className="text-red-800" data-testid="material-expired-at">
        {t('expiredAt', { date: format.dateTime(removal.at, DATE_TIME) })}
      </span>
    );
  }
  return (
    <span className="text-gray-500">
      <span aria-hidden="true">—</span>
      <span className="sr-only">{t('notApplicable')}</span>
    </span>
  );
}
