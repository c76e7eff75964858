import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { HOME_PAGE, SETUP_PAGE } from '@/lib/auth/constants';
import { getPrincipal } from '@/lib/auth/session';
import { isSetupRequired } from '@/lib/auth/setup-state';
import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth');
  return { title: t('signIn.title') };
}

/** Depends on the database (set-up state) and the session: rendered per request, never at build time. */
export default async function SignInPage() {
  await connection();
  if (await isSetupRequired()) redirect(SETUP_PAGE);
  if (await getPrincipal()) redirect(HOME_PAGE);
  return <SignInForm />;
}
