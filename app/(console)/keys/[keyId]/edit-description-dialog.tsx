'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogClose, DialogContent, DialogFooter, DialogHeader, DialogTrigger } from '@/components/ui/dialog';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { updateKeyDescriptionAction } from './actions';

export function EditDescriptionDialog({ keyId, description }: { keyId: string; description: string }) {
  const t = useTranslations('keys.editDescription');
  const tToast = useTranslations('keys.toast');
  const errorText = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(updateKeyDescriptionAction);
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(description);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (next) {
      setValue(description);
      setFieldError(undefined);
      setFormError(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldError(undefined);
    setFormError(null);
    const result = await run({ keyId, description: value });
    if (result.ok) {
      setOpen(false);
      toast({ title: tToast('descriptionUpdated') });
    } else if (result.fieldErrors?.description) {
      setFieldError(errorText.forField(result.fieldErrors, 'description'));
    } else {
      setFormError(errorText.forCode(result.code));
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="link" size="sm" className="shrink-0 text-[13px]">
          {t('open')}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} noValidate>
          <DialogHeader title={t('title')} description={t('hint')} />
          <DialogBody>
            <FormField id="edit-description" label={t('label')} error={fieldError}>
              <Textarea
                id="edit-description"
                value={value}
                onChange={(event) => setValue(event.target.value)}
                rows={4}
                maxLength={255 * 2}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={describedBy('edit-description', { error: Boolean(fieldError) })}
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
              {t('save')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
