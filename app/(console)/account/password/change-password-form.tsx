'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import type { FieldErrors } from '@/lib/server/action';
import { changePasswordAction } from './actions';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
type TField = (typeof FIELDS)[number];

export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const t = useTranslations('account.password');
  const errorText = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(changePasswordAction);
  const [values, setValues] = useState<Record<TField, string>>({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<TField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function fieldMessages(errors: FieldErrors): Partial<Record<TField, string>> {
    const result: Partial<Record<TField, string>> = {};
    for (const field of FIELDS) {
      const key = errors[field]?.[0];
      if (!key) continue;
      if (field === 'confirmPassword' && key === 'invalid') result[field] = t('errors.mismatch');
      else if (field === 'newPassword' && key === 'tooShort') result[field] = t('errors.tooShort', { min: minLength });
      else if (key === 'tooLong') result[field] = t('errors.tooLong');
      else result[field] = errorText.forField(errors, field);
    }
    return result;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    const result = await run(values);
    if (result.ok && result.data.outcome === 'accepted') {
      setValues({ currentPassword: '', newPassword: '', confirmPassword: '' });
      toast({ title: t('done'), description: t('doneBody') });
    } else if (result.ok) {
      if (result.data.outcome === 'wrong-password') setFieldErrors({ currentPassword: t('errors.wrong-password') });
      else setFormError(t('errors.rate-limited'));
    } else if (result.fieldErrors) {
      setFieldErrors(fieldMessages(result.fieldErrors));
    } else {
      setFormError(errorText.forCode(result.code));
    }
  }

  const field = (name: TField, label: string, autoComplete: string, hint?: string) => (
    <FormField id={name} label={label} hint={hint} error={fieldErrors[name]} required>
      <Input
        id={name}
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={describedBy(name, { hint: Boolean(hint), error: Boolean(fieldErrors[name]) })}
        className="max-w-sm"
      />
    </FormField>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 px-5 py-4">
      {field('currentPassword', t('current'), 'current-password')}
      {field('newPassword', t('new'), 'new-password', t('newHint', { min: minLength }))}
      {field('confirmPassword', t('confirm'), 'new-password')}
      {formError ? <Alert>{formError}</Alert> : null}
      <Button type="submit" variant="primary" loading={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
