'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useRef, useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { buttonClasses } from '@/components/ui/button-classes';
import { Checkbox } from '@/components/ui/checkbox';
import { FieldError } from '@/components/ui/field-error';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Input, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { useToast } from '@/components/ui/toast';
import type { KeyOrigin } from '@/lib/kms/types';
import type { FieldErrors } from '@/lib/server/action';
import { OriginChoice } from './origin-choice';
import { createKeyAction } from './actions';

export function CreateKeyForm() {
  const t = useTranslations('keys.create');
  const errorText = useErrorText();
  const router = useRouter();
  const toast = useToast();
  const { run, pending } = useAction(createKeyAction, { refresh: false });

  const [origin, setOrigin] = useState<KeyOrigin>('KMS');
  const [acknowledged, setAcknowledged] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [aliasTaken, setAliasTaken] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const aliasRef = useRef<HTMLInputElement>(null);
  const acknowledgeRef = useRef<HTMLButtonElement>(null);

  const aliasError = aliasTaken ? errorText.forCode('ALIAS_EXISTS') : errorText.forField(fieldErrors, 'alias');
  const descriptionError = errorText.forField(fieldErrors, 'description');
  const acknowledgeError = origin === 'EXTERNAL' ? errorText.forField(fieldErrors, 'acknowledgeExternal') : undefined;

  function clearAliasError() {
    setAliasTaken(false);
    if (fieldErrors.alias) setFieldErrors(({ alias: _alias, ...rest }) => rest);
  }

  function showErrors(errors: FieldErrors) {
    setFieldErrors(errors);
    // Move focus to the first field that needs attention so keyboard and screen-reader users land on it.
    if (errors.alias) aliasRef.current?.focus();
    else if (errors.acknowledgeExternal) acknowledgeRef.current?.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const alias = String(data.get('alias') ?? '');
    const description = String(data.get('description') ?? '');
    setAliasTaken(false);
    setFormError(null);

    const local: FieldErrors = {};
    if (alias === '') local.alias = ['required'];
    if (origin === 'EXTERNAL' && !acknowledged) local.acknowledgeExternal = ['required'];
    if (Object.keys(local).length > 0) return showErrors(local);
    setFieldErrors({});

    const result = await run({ alias, description, origin, acknowledgeExternal: origin === 'EXTERNAL' && acknowledged });
    if (result.ok) {
      toast({ title: t('success'), description: alias });
      router.push(`/keys/${result.data.keyId}`);
      return;
    }
    if (result.code === 'ALIAS_EXISTS') {
      setAliasTaken(true);
      aliasRef.current?.focus();
    } else if (result.code === 'LIMIT_EXCEEDED') {
      setFormError(t('limitExceeded'));
    } else if (result.fieldErrors && Object.keys(result.fieldErrors).some((f) => f !== '_form')) {
      showErrors(result.fieldErrors);
    } else {
      setFormError(errorText.forCode(result.code));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-describedby={formError ? 'create-key-error' : undefined}>
      {formError ? (
        <div id="create-key-error">
          <Alert>{formError}</Alert>
        </div>
      ) : null}
      <FormField id="alias" label={t('alias')} hint={t('aliasHint')} error={aliasError} required>
        <Input
          ref={aliasRef}
          id="alias"
          name="alias"
          autoComplete="off"
          spellCheck={false}
          maxLength={255}
          aria-required="true"
          aria-invalid={aliasError ? true : undefined}
          aria-describedby={describedBy('alias', { hint: true, error: Boolean(aliasError) })}
          onChange={clearAliasError}
          className="max-w-md font-mono"
        />
      </FormField>
      <FormField id="description" label={t('descriptionLabel')} hint={t('descriptionHint')} error={descriptionError}>
        <Textarea
          id="description"
          name="description"
          maxLength={255 * 2}
          rows={3}
          aria-invalid={descriptionError ? true : undefined}
          aria-describedby={describedBy('description', { hint: true, error: Boolean(descriptionError) })}
          className="max-w-md"
        />
      </FormField>
      <OriginChoice value={origin} onChange={setOrigin} />
      {origin === 'EXTERNAL' ? (
        <div className="max-w-xl rounded border border-amber-200 bg-amber-50 px-3 py-2.5">
          <div className="flex items-start gap-2">
            <Checkbox
              ref={acknowledgeRef}
              id="acknowledge-external"
              checked={acknowledged}
              onCheckedChange={(value) => {
                setAcknowledged(value === true);
                if (value === true) setFieldErrors(({ acknowledgeExternal: _ack, ...rest }) => rest);
              }}
              aria-required="true"
              aria-invalid={acknowledgeError ? true : undefined}
              aria-describedby={acknowledgeError ? 'acknowledge-external-error' : undefined}
            />
            <Label htmlFor="acknowledge-external" className="font-normal leading-5 text-amber-950">
              {t('acknowledgeExternal')}
            </Label>
          </div>
          <FieldError id="acknowledge-external-error">{acknowledgeError}</FieldError>
        </div>
      ) : null}
      <div className="flex gap-2 border-t border-gray-200 pt-4">
        <Button type="submit" variant="primary" loading={pending}>
          {t('submit')}
        </Button>
        <Link href="/keys" className={buttonClasses({ variant: 'secondary' })}>
          {t('cancel')}
        </Link>
      </div>
    </form>
  );
}
