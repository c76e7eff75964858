'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, useTransition, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FormField, describedBy } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { TSecurityResult } from './actions';

/** Words for a refused security action. */
export function useSecurityError() {
  const t = useTranslations('mfa.security');
  return (error: Exclude<TSecurityResult<unknown>, { ok: true }>['error']): string => {
    if (error === 'wrong-password') return t('wrongPassword');
    if (error === 'wrong-code' || error === 'invalid') return t('enrol.wrongCode');
    if (error === 'already-on') return t('enrol.alreadyOn');
    return t('failed');
  };
}

/** One field (the password, or a code) and a submit button; shows the action's refusal under the field. */
export function SecretFieldForm<T>(props: {
  kind: 'password' | 'code';
  label: string;
  submit: string;
  variant?: 'primary' | 'danger' | 'secondary';
  children?: ReactNode;
  action: (value: string) => Promise<TSecurityResult<T>>;
  onDone: (data: T) => void;
}) {
  const id = useId();
  const describeError = useSecurityError();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await props.action(value);
      if (result.ok) {
        setValue('');
        setError(undefined);
        props.onDone(result.data);
      } else setError(describeError(result.error));
    });
  };
  const isCode = props.kind === 'code';
  return (
    <form onSubmit={submit} className="max-w-sm space-y-3" noValidate>
      {props.children}
      <FormField id={id} label={props.label} error={error} required>
        <Input
          id={id}
          type={isCode ? 'text' : 'password'}
          inputMode={isCode ? 'numeric' : undefined}
          autoComplete={isCode ? 'one-time-code' : 'current-password'}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { error: Boolean(error) })}
          required
        />
      </FormField>
      <Button type="submit" variant={props.variant ?? 'primary'} loading={pending}>
        {props.submit}
      </Button>
    </form>
  );
}
