'use client';

import { useTranslations } from 'next-intl';
import { ConfirmedRowAction } from '@/components/actions/confirmed-row-action';
import type { ActionErrorCode } from '@/lib/server/action';
import { revokeAccessKeyAction } from './actions';

// Revoking an access key that is already revoked (another tab) or gone has words of its own.
const REVOKE_CODES: ReadonlySet<ActionErrorCode> = new Set(['INVALID_STATE', 'NOT_FOUND']);

export function RevokeAccessKeyButton({ accessKeyId }: { accessKeyId: string }) {
  const tToast = useTranslations('access-keys.toast');
  return (
    <ConfirmedRowAction
      action={revokeAccessKeyAction}
      input={{ accessKeyId }}
      messages="access-keys.revoke"
      values={{ accessKeyId }}
      done={{ title: tToast('revoked'), description: accessKeyId }}
      ownErrorCodes={REVOKE_CODES}
    />
  );
}
