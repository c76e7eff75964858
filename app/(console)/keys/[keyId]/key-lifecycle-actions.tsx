'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { isActionAllowed } from '@/components/keys/key-actions';
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
import type { KeyState } from '@/lib/kms/types';
import type { TKeyPagePermissions } from '@/lib/server/console-permissions';
import { cancelKeyDeletionAction, disableKeyAction, enableKeyAction } from './actions';
import { ScheduleDeletionDialog } from './schedule-deletion-dialog';

type TLifecyclePermissions = Pick<TKeyPagePermissions, 'enable' | 'disable' | 'scheduleDeletion' | 'cancelDeletion'>;

/**
 * Enable / disable / schedule deletion / cancel deletion: only what the key's state allows and the role
 * may do (`permissions`, from the page) is offered.
 */
export function KeyLifecycleActions({ keyId, state, permissions }: { keyId: string; state: KeyState; permissions: TLifecyclePermissions }) {
  const t = useTranslations('keys.detail');
  const tToast = useTranslations('keys.toast');
  const errorText = useErrorText();
  const toast = useToast();
  const enable = useAction(enableKeyAction);
  const disable = useAction(disableKeyAction);
  const cancelDeletion = useAction(cancelKeyDeletionAction);
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onEnable() {
    setError(null);
    const result = await enable.run({ keyId });
    if (result.ok) toast({ title: tToast('enabled') });
    else setError(errorText.forCode(result.code));
  }

  async function onDisable() {
    setError(null);
    const result = await disable.run({ keyId });
    setConfirmDisable(false);
    if (result.ok) toast({ title: tToast('disabled') });
    else setError(errorText.forCode(result.code));
  }

  async function onCancelDeletion() {
    setError(null);
    const result = await cancelDeletion.run({ keyId });
    if (result.ok) toast({ title: tToast('deletionCancelled') });
    else setError(errorText.forCode(result.code));
  }

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap items-center gap-2">
        {permissions.enable && isActionAllowed('enable', state) ? (
          <Button variant="secondary" loading={enable.pending} onClick={onEnable}>
            {t('enable')}
          </Button>
        ) : null}
        {permissions.disable && isActionAllowed('disable', state) ? (
          <AlertDialog open={confirmDisable} onOpenChange={(open) => !disable.pending && setConfirmDisable(open)}>
            <AlertDialogTrigger asChild>
              <Button variant="secondary">{t('disable')}</Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader title={t('disableConfirm.title')} description={t('disableConfirm.body')} />
              <AlertDialogFooter>
                <AlertDialogCancel asChild>
                  <Button variant="secondary" disabled={disable.pending}>
                    {t('cancel')}
                  </Button>
                </AlertDialogCancel>
                <Button variant="danger" loading={disable.pending} onClick={onDisable}>
                  {t('disableConfirm.confirm')}
                </Button>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        ) : null}
        {permissions.cancelDeletion && isActionAllowed('cancelDeletion', state) ? (
          <Button variant="primary" loading={cancelDeletion.pending} onClick={onCancelDeletion}>
            {t('cancelDeletion')}
          </Button>
        ) : null}
        {permissions.scheduleDeletion && isActionAllowed('scheduleDeletion', state) ? <ScheduleDeletionDialog keyId={keyId} /> : null}
      </div>
      {error ? (
        <Alert className="max-w-md">{error}</Alert>
      ) : null}
    </div>
  );
}
