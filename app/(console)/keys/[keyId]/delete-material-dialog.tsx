'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
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
  const { run, pending } = useAction(deleteKeyMaterialAction);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirmed = typed.trim() === confirmName;

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    setTyped('');
    setError(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmed) return;
    setError(null);
    const result = await run({ keyId });
    if (result.ok) {
      setOpen(false);
      toast({ title: tToast('materialDeleted'), description: tToast('materialDeletedBody') });
    } else {
      setError(result.code === 'INVALID_STATE' || result.code === 'UNSUPPORTED' ? t(`errors.${result.code}`) : forCode(result.code));
    }
  }

  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogTrigger asChild>
        <Button variant="secondary" size="sm" className="text-red-700">
          {t('open')}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent className="max-w-lg">
        <form onSubmit={onSubmit} noValidate>
          <AlertDialogHeader title={t('title')} description={t('consequence')} />
          <div className="space-y-3 px-5 py-3">
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
            {error ? <Alert>{error}</Alert> : null}
          </div>
          <AlertDialogFooter>
            <AlertDialogCancel asChild>
              <Button variant="secondary" disabled={pending}>
                {t('cancel')}
              </Button>
            </AlertDialogCancel>
            <Button type="submit" variant="danger" loading={pending} disabled={!confirmed}>
              {t('confirm')}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
