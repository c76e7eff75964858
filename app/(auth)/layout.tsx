import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '@/components/shell/language-switch';
import { setSignedOutLocaleAction } from './actions';

/** Sign-in and set-up: a narrow centred card, no console navigation (nobody is signed in yet). */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('auth');
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2.5">
          <span aria-hidden="true" className="flex size-8 items-center justify-center rounded bg-brand-600 text-sm font-semibold text-white">
            K
          </span>
          <div className="leading-tight">
            <p className="text-base font-semibold text-gray-900">{t('product')}</p>
            <p className="text-xs text-gray-600">{t('tagline')}</p>
          </div>
        </div>
        <div className="rounded-md border border-gray-200 bg-white p-6 shadow-sm">{children}</div>
        <div className="mt-4 flex justify-center">
          <LanguageSwitch action={setSignedOutLocaleAction} />
        </div>
      </div>
    </main>
  );
}
