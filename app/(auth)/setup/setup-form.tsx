'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useActionState, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { buttonClasses } from '@/components/ui/button-classes';
import { MIN_ADMIN_PASSWORD_LENGTH } from '@/lib/auth/constants';
import { setupAction, type TSetupState } from '../actions';
import { AuthField, FormAlert } from '../auth-field';
import { useFieldError, useFocusFirstInvalid } from '../use-field-error';

export function SetupForm() {
  const t = useTranslations('auth');
  const [state, formAction, pending] = useActionState<TSetupState, FormData>(setupAction, {});
  const fieldError = useFieldError(state.fieldErrors);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, state);
  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      <div className="space-y-1.5">
        <h1 className="text-lg font-semibold text-gray-900">{t('setup.heading')}</h1>
        <p className="text-[13px] leading-5 text-gray-700">{t('setup.intro')}</p>
      </div>
      {state.error ? (
        <FormAlert>
          <p>{t(`setup.errors.${state.error}`, { minutes: state.retryAfterMinutes ?? 15 })}</p>
          {state.error === 'already-set-up' ? (
            <Link href="/sign-in" className={buttonClasses({ variant: 'link', className: 'mt-1' })}>
              {t('setup.signInLink')}
            </Link>
          ) : null}
        </FormAlert>
      ) : null}
      <AuthField
        name="setupCode"
        label={t('setup.setupCode')}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        autoFocus
        maxLength={64}
        hint={t('setup.setupCodeHint')}
        error={fieldError('setupCode')}
      />
      <AuthField
        name="email"
        type="email"
        label={t('setup.email')}
        autoComplete="username"
        required
        defaultValue={state.email}
        error={fieldError('email')}
      />
      <AuthField
        name="name"
        label={t('setup.name')}
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={state.name}
        error={fieldError('name')}
      />
      <AuthField
        name="password"
        type="password"
        label={t('setup.password')}
        autoComplete="new-password"
        required
        minLength={MIN_ADMIN_PASSWORD_LENGTH}
        hint={t('setup.passwordHint', { min: MIN_ADMIN_PASSWORD_LENGTH })}
        error={fieldError('password')}
      />
      <AuthField
        name="confirmPassword"
        type="password"
        label={t('setup.confirmPassword')}
        autoComplete="new-password"
        required
        error={fieldError('confirmPassword')}
      />
      <Button type="submit" variant="primary" className="w-full" loading={pending}>
        {t('setup.submit')}
      </Button>
    </form>
  );
}
