'use client';

import { useTranslations } from 'next-intl';
import { ConfirmedRowAction } from '@/components/actions/confirmed-row-action';
import type { ActionErrorCode } from '@/lib/server/action';
import { revokeAccessKeyAction } from './actions';

// Revoking an access key that is already revoked (another tab) or gone has words of its own.
const REVOKE_CODES = new Set<ActionErrorCode>(['INVALID_STATE', 'NOT_FOUND']);

export function RevokeAccessKeyButton({ accessKeyId }: { accessKeyId: string }) {
  const t = useTranslations('access-keys.revoke');
  const tToast = useTranslations('access-keys.toast');
  return (
    <ConfirmedRowAction
      action={revokeAccessKeyAction}
      input={{ accessKeyId }}
      text={{
        open: t('open'),
        openLabel: t('openLabel', { accessKeyId }),
        title: t('title', { accessKeyId }),
        consequence: t('consequence'),
        cancel: t('cancel'),
        confirm: t('confirm'),
        done: { title: tToast('revoked'), description: accessKeyId },
      }}
      errorFor={(code) => (REVOKE_CODES.has(code) ? t(`errors.${code}`) : undefined)}
    />
  );
}
