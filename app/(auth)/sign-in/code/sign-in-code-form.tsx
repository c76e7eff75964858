'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { NEXT_PARAM, signInPageFor } from '@/lib/auth/next-path';
import { AuthField, FormAlert } from '../../auth-field';
import { verifySignInCodeAction, type TSignInCodeState } from './actions';

/** `next`: where to go once the code is right (checked by the page; the action checks it again). */
export function SignInCodeForm({ next }: { next: string }) {
  const t = useTranslations('mfa.signInCode');
  const [state, formAction, pending] = useActionState<TSignInCodeState, FormData>(verifySignInCodeAction, {});
  const expired = state.error === 'expired';
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name={NEXT_PARAM} value={next} />
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
        <Link href={signInPageFor(next)} className="text-brand-700 underline hover:text-brand-800">
          {t('startAgain')}
        </Link>
      </p>
    </form>
  );
}
