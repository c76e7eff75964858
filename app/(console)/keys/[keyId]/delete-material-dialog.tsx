'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmedActionDialog, useConfirmedAction } from '@/components/actions/confirmed-action-dialog';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { deleteKeyMaterialAction } from './actions';

/**
 * Deleting imported material makes everything encrypted under the key undecryptable until the same
 * material comes back, so the user types the key's name (its alias, or the key ID without one) first.
 */
export function DeleteMaterialDialog({ keyId, confirmName }: { keyId: string; confirmName: string }) {
  const t = useTranslations('keys.deleteMaterial');
  const tToast = useTranslations('keys.toast');
  const { forCode } = useErrorText();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const state = useConfirmedAction({
    action: deleteKeyMaterialAction,
    onDone: () => toast({ title: tToast('materialDeleted'), description: tToast('materialDeletedBody') }),
    errorText: (failure) =>
      failure.code === 'INVALID_STATE' || failure.code === 'UNSUPPORTED' ? t(`errors.${failure.code}`) : forCode(failure.code, failure.reason),
    onOpenChange: () => setTyped(''),
  });
  const confirmed = typed.trim() === confirmName;

  return (
    <ConfirmedActionDialog
      state={state}
      className="max-w-lg"
      trigger={
        <Button variant="secondary" size="sm" className="text-red-700">
          {t('open')}
        </Button>
      }
      title={t('title')}
      description={t('consequence')}
      cancelLabel={t('cancel')}
      confirmLabel={t('confirm')}
      confirmDisabled={!confirmed}
      onSubmit={() => void state.confirm({ keyId })}
    >
      <FormField id="delete-material-confirm" label={t('confirmLabel', { name: confirmName })}>
        <Input
          id="delete-material-confirm"
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
