'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmedActionDialog, useConfirmedAction } from '@/components/actions/confirmed-action-dialog';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
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
  const cancelDeletion = useAction(cancelKeyDeletionAction);
  const [error, setError] = useState<string | null>(null);
  const disable = useConfirmedAction({
    action: disableKeyAction,
    onDone: () => toast({ title: tToast('disabled') }),
    errorText: (failure) => errorText.forCode(failure.code),
  });

  async function onEnable() {
    setError(null);
    const result = await enable.run({ keyId });
    if (result.ok) toast({ title: tToast('enabled') });
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
          <ConfirmedActionDialog
            state={disable}
            trigger={<Button variant="secondary">{t('disable')}</Button>}
            title={t('disableConfirm.title')}
            description={t('disableConfirm.body')}
            cancelLabel={t('cancel')}
            confirmLabel={t('disableConfirm.confirm')}
            onSubmit={() => void disable.confirm({ keyId })}
          />
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
