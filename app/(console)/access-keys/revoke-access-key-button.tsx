'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { ActionErrorCode } from '@/lib/server/action';
import { revokeAccessKeyAction } from './actions';

// Revoking an access key that is already revoked (another tab) or gone has words of its own.
const REVOKE_CODES = new Set<ActionErrorCode>(['INVALID_STATE', 'NOT_FOUND']);

export function RevokeAccessKeyButton({ accessKeyId }: { accessKeyId: string }) {
  const t = useTranslations('access-keys.revoke');
  const tToast = useTranslations('access-keys.toast');
  const errorText = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(revokeAccessKeyAction);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onConfirm() {
    setError(null);
    const result = await run({ accessKeyId });
    if (result.ok) {
      setOpen(false);
      toast({ title: tToast('revoked'), description: accessKeyId });
    } else {
      setError(REVOKE_CODES.has(result.code) ? t(`errors.${result.code}`) : errorText.forCode(result.code));
    }
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setError(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-red-700" aria-label={t('openLabel', { accessKeyId })}>
          {t('open')}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader title={t('title', { accessKeyId })} description={t('consequence')} />
        {error ? (
          <div className="px-5 pb-2">
            <Alert>{error}</Alert>
          </div>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={pending}>
              {t('cancel')}
            </Button>
          </AlertDialogCancel>
          <Button variant="danger" loading={pending} onClick={onConfirm}>
            {t('confirm')}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
