'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { SIGN_IN_PAGE } from '@/lib/auth/constants';
import { AuthField, FormAlert } from '../../auth-field';
import { verifySignInCodeAction, type TSignInCodeState } from './actions';

export function SignInCodeForm() {
  const t = useTranslations('mfa.signInCode');
  const [state, formAction, pending] = useActionState<TSignInCodeState, FormData>(verifySignInCodeAction, {});
  const expired = state.error === 'expired';
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <h1 className="text-lg font-semibold text-gray-900">{t('heading')}</h1>
      <p className="text-[13px] text-gray-700">{t('intro')}</p>
      {state.error ? <FormAlert>{t(`errors.${state.error}`)}</FormAlert> : null}
      <AuthField
        name="code"
        type="text"
        label={t('code')}
        hint={t('hint')}
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        error={state.error === 'required' ? t('errors.required') : undefined}
      />
      <Button type="submit" variant="primary" className="w-full" loading={pending} disabled={expired}>
        {t('submit')}
      </Button>
      <p className="text-center text-[13px]">
        <Link href={SIGN_IN_PAGE} className="text-brand-700 underline hover:text-brand-800">
          {t('startAgain')}
        </Link>
      </p>
    </form>
  );
}
