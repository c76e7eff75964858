'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { NEXT_PARAM } from '@/lib/auth/next-path';
import { signInAction, type TSignInState } from '../actions';
import { AuthField, FormAlert } from '../auth-field';
import { useFieldError, useFocusFirstInvalid } from '../use-field-error';

/** `next`: where to go once signed in (already checked by the page; the action checks it again). */
export function SignInForm({ next }: { next: string }) {
  const t = useTranslations('auth');
  const [state, formAction, pending] = useActionState<TSignInState, FormData>(signInAction, {});
  const fieldError = useFieldError(state.fieldErrors);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, state);
  const alertRef = useRef<HTMLDivElement>(null);
  // A refused sign-in (wrong password, throttled) marks no field: the keyboard goes to the message instead
  // of being left on the page once the busy button gives it up. Each attempt is a new state object.
  useEffect(() => {
    if (state.error) alertRef.current?.focus();
  }, [state]);
  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      <h1 className="text-lg font-semibold text-gray-900">{t('signIn.heading')}</h1>
      <input type="hidden" name={NEXT_PARAM} value={next} />
      {state.error ? <FormAlert ref={alertRef}>{t(`signIn.errors.${state.error}`)}</FormAlert> : null}
      <AuthField
        name="email"
        type="email"
        label={t('signIn.email')}
        autoComplete="username"
        required
        autoFocus
        defaultValue={state.email}
        error={fieldError('email')}
      />
      <AuthField
        name="password"
        type="password"
        label={t('signIn.password')}
        autoComplete="current-password"
        required
        error={fieldError('password')}
      />
      <Button type="submit" variant="primary" className="w-full" loading={pending}>
        {t('signIn.submit')}
      </Button>
    </form>
  );
}
