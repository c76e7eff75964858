'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useActionState, useEffect, useRef, useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { buttonClasses } from '@/components/ui/button-classes';
import { MIN_ADMIN_PASSWORD_LENGTH, SIGN_IN_PAGE } from '@/lib/auth/constants';
import { AuthField, FormAlert } from '../auth-field';
import { useFieldError, useFocusFirstInvalid } from '../use-field-error';
import { setPasswordAction, type TSetPasswordState } from './actions';

const noSubscription = () => () => {};
let linkToken = '';

/** The token from the URL fragment; kept once read, since the fragment is then cleared (below). */
function readLinkToken(): string {
  const fragment = window.location.hash.replace(/^#/, '');
  if (fragment !== '') linkToken = fragment;
  return linkToken;
}

export function SetPasswordForm() {
  const t = useTranslations('people.setPassword');
  const token = useSyncExternalStore(noSubscription, readLinkToken, () => '');
  // The link is a credential: off the address bar and out of history once read.
  useEffect(() => {
    if (window.location.hash !== '') window.history.replaceState(null, '', window.location.pathname);
  }, [token]);
  const [state, formAction, pending] = useActionState<TSetPasswordState, FormData>(setPasswordAction, {});
  const fieldError = useFieldError(state.fieldErrors);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, state);

  if (state.email) {
    return (
      <div className="space-y-3" role="status">
        <h1 className="text-lg font-semibold text-gray-900">{t('doneHeading')}</h1>
        <p className="text-[13px] leading-5 text-gray-700">{t('doneBody', { email: state.email })}</p>
        <Link href={SIGN_IN_PAGE} className={buttonClasses({ variant: 'primary', className: 'w-full' })}>
          {t('signIn')}
        </Link>
      </div>
    );
  }

  const linkMissing = token === '' || state.error === 'link-invalid' || state.fieldErrors?.token !== undefined;
  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      <div className="space-y-1.5">
        <h1 className="text-lg font-semibold text-gray-900">{t('heading')}</h1>
        <p className="text-[13px] leading-5 text-gray-700">{t('intro')}</p>
      </div>
      {linkMissing ? <FormAlert>{t(token === '' ? 'errors.noLink' : 'errors.linkInvalid')}</FormAlert> : null}
      {state.error === 'failed' ? <FormAlert>{t('errors.failed')}</FormAlert> : null}
      {state.error === 'rate-limited' ? <FormAlert>{t('errors.rateLimited', { minutes: state.retryAfterMinutes ?? 15 })}</FormAlert> : null}
      <input type="hidden" name="token" value={token} />
      <AuthField
        name="password"
        type="password"
        label={t('password')}
        autoComplete="new-password"
        required
        autoFocus
        minLength={MIN_ADMIN_PASSWORD_LENGTH}
        hint={t('passwordHint', { min: MIN_ADMIN_PASSWORD_LENGTH })}
        error={fieldError('password')}
      />
      <AuthField name="confirmPassword" type="password" label={t('confirmPassword')} autoComplete="new-password" required error={fieldError('confirmPassword')} />
      <Button type="submit" variant="primary" className="w-full" loading={pending} disabled={token === ''}>
        {t('submit')}
      </Button>
    </form>
  );
}
