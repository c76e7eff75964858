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
import type { TPermittedActions } from '@/lib/kms';
import type { TKeyPagePermissions } from '@/lib/server/console-permissions';
import { cancelKeyDeletionAction, disableKeyAction, enableKeyAction } from './actions';
import { ScheduleDeletionDialog } from './schedule-deletion-dialog';

type TLifecyclePermissions = Pick<TKeyPagePermissions, 'enable' | 'disable' | 'scheduleDeletion' | 'cancelDeletion'>;

/**
 * Enable / disable / schedule deletion / cancel deletion: only what the domain allows (`allowed`) and the role
 * may do (`permissions`, from the page) is offered.
 */
export function KeyLifecycleActions({
  keyId,
  allowed,
  permissions,
}: {
  keyId: string;
  allowed: Pick<TPermittedActions, 'enable' | 'disable' | 'scheduleDeletion' | 'cancelDeletion'>;
  permissions: TLifecyclePermissions;
}) {
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
        {permissions.enable && allowed.enable.allowed ? (
          <Button variant="secondary" loading={enable.pending} onClick={onEnable}>
            {t('enable')}
          </Button>
        ) : null}
        {permissions.disable && allowed.disable.allowed ? (
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
        {permissions.cancelDeletion && allowed.cancelDeletion.allowed ? (
          <Button variant="primary" loading={cancelDeletion.pending} onClick={onCancelDeletion}>
            {t('cancelDeletion')}
          </Button>
        ) : null}
        {permissions.scheduleDeletion && allowed.scheduleDeletion.allowed ? <ScheduleDeletionDialog keyId={keyId} /> : null}
      </div>
      {error ? (
        <Alert className="max-w-md">{error}</Alert>
      ) : null}
    </div>
  );
}
