'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmedActionDialog, useConfirmedAction } from '@/components/actions/confirmed-action-dialog';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import type { MaterialVersionView } from '@/lib/kms';
import { deleteKeyMaterialAction } from './actions';

/**
 * Deletes one version's imported material (SPEC §11). A CURRENT or NON_CURRENT version's material is needed
 * for the key to work: the key becomes Pending import and what it encrypted cannot be decrypted until that
 * material comes back, so the dialog names the version, says so, and the user types the key's name (its
 * alias, or the key ID without one). A pending version was never used: the dialog says it is simply removed.
 */
export function DeleteMaterialDialog({
  keyId,
  confirmName,
  version,
}: {
  keyId: string;
  confirmName: string;
  version: Pick<MaterialVersionView, 'materialId' | 'sequence' | 'state'>;
}) {
  const t = useTranslations('versions.deleteVersion');
  const tActions = useTranslations('versions.actions');
  const tToast = useTranslations('keys.toast');
  const { forCode } = useErrorText();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const state = useConfirmedAction({
    action: deleteKeyMaterialAction,
    onDone: (data) =>
      toast({ title: tToast('materialDeleted'), description: data.state === 'PENDING_IMPORT' ? tToast('materialDeletedBody') : undefined }),
    errorText: (failure) =>
      failure.code === 'INVALID_STATE' || failure.code === 'NOT_FOUND' ? t(`errors.${failure.code}`) : forCode(failure.code, failure.reason, failure.params),
    onOpenChange: () => setTyped(''),
  });
  const confirmed = typed.trim() === confirmName;
  const { sequence } = version;

  return (
    <ConfirmedActionDialog
      state={state}
      className="max-w-lg"
      trigger={
        <Button variant="secondary" size="sm" className="text-red-700" aria-label={tActions('deleteLabel', { sequence })}>
          {tActions('delete')}
        </Button>
      }
      title={t('title', { sequence })}
      description={version.state === 'PENDING_ROTATION' ? t('pending', { sequence }) : t('bound', { sequence })}
      cancelLabel={t('cancel')}
      confirmLabel={t('confirm')}
      confirmDisabled={!confirmed}
      onSubmit={() => void state.confirm({ keyId, materialId: version.materialId })}
    >
      <FormField id={`delete-material-confirm-${sequence}`} label={t('confirmLabel', { name: confirmName })}>
        <Input
          id={`delete-material-confirm-${sequence}`}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
        />
      </FormField>
    </ConfirmedActionDialog>
  );
}
