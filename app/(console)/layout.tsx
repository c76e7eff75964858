import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { signOutAction } from '@/app/(auth)/actions';
import { setLocaleAction } from './actions';
import { reauthenticateAction } from './account/actions';
import { ReauthenticationProvider } from '@/components/account/reauthentication-provider';
import { AppShell } from '@/components/shell/app-shell';
import { requirePageSignedIn } from '@/lib/auth/session';

// Every console page needs the session; each page's data read checks it again (layouts and pages render
// independently, so the layout's check alone does not guard a page). The frame is drawn before multi-factor
// enrolment too: under the policy, every page but the enrolment page redirects there from its own check
// (requirePagePrincipal), and the layout cannot tell which page it frames.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { principal, twoFactorEnabled } = await requirePageSignedIn({ beforeMfaEnrolment: true });
  const t = await getTranslations('common');
  const signOut = (
    <form action={signOutAction}>
      <button
        type="submit"
        className="rounded border border-gray-600 px-2.5 py-1 text-[13px] font-medium text-gray-100 hover:border-gray-400 hover:bg-gray-800 focus-visible:outline-white"
      >
        {t('signOut')}
      </button>
    </form>
  );
  return (
    <AppShell user={{ name: principal.name, role: principal.role }} signOut={signOut} setLocale={setLocaleAction}>
      <ReauthenticationProvider action={reauthenticateAction} offerCode={twoFactorEnabled}>{children}</ReauthenticationProvider>
    </AppShell>
  );
}
