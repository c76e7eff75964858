'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogClose, DialogContent, DialogFooter, DialogHeader, DialogTrigger } from '@/components/ui/dialog';
import { PlusIcon } from '@/components/ui/icons';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { createAliasAction } from './actions';

export function AddAliasDialog({ keyId }: { keyId: string }) {
  const t = useTranslations('keys.addAlias');
  const tToast = useTranslations('keys.toast');
  const errorText = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(createAliasAction);
  const [open, setOpen] = useState(false);
  const [alias, setAlias] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (next) {
      setAlias('');
      setFieldError(undefined);
      setFormError(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    if (alias === '') {
      setFieldError(errorText.forField({ alias: ['required'] }, 'alias'));
      return;
    }
    setFieldError(undefined);
    const result = await run({ keyId, alias });
    if (result.ok) {
      setOpen(false);
      toast({ title: tToast('aliasAdded'), description: alias });
    } else if (result.code === 'ALIAS_EXISTS') {
      setFieldError(errorText.forCode('ALIAS_EXISTS'));
    } else if (result.code === 'LIMIT_EXCEEDED') {
      setFormError(t('limitExceeded'));
    } else if (result.fieldErrors?.alias) {
      setFieldError(errorText.forField(result.fieldErrors, 'alias'));
    } else {
      setFormError(errorText.forCode(result.code));
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm">
          <PlusIcon width={14} height={14} />
          {t('open')}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} noValidate>
          <DialogHeader title={t('title')} />
          <DialogBody>
            <FormField id="new-alias" label={t('label')} hint={t('hint')} error={fieldError} required>
              <Input
                id="new-alias"
                value={alias}
                onChange={(event) => {
                  setAlias(event.target.value);
                  setFieldError(undefined);
                }}
                autoComplete="off"
                spellCheck={false}
                maxLength={255}
                aria-required="true"
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={describedBy('new-alias', { hint: true, error: Boolean(fieldError) })}
                className="font-mono"
              />
            </FormField>
            {formError ? <Alert>{formError}</Alert> : null}
          </DialogBody>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={pending}>
                {t('cancel')}
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" loading={pending}>
              {t('submit')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
