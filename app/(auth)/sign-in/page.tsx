import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SETUP_PAGE } from '@/lib/auth/constants';
import { NEXT_PARAM, safeNextPath } from '@/lib/auth/next-path';
import { getPrincipal } from '@/lib/auth/session';
import { isSetupRequired } from '@/lib/auth/setup-state';
import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth');
  return { title: t('signIn.title') };
}

/** Depends on the database (set-up state) and the session: rendered per request, never at build time. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  if (await isSetupRequired()) redirect(SETUP_PAGE);
  // Checked here and again by the action: only a path on this site is ever followed.
  const next = safeNextPath((await searchParams)[NEXT_PARAM]);
  if (await getPrincipal()) redirect(next);
  return <SignInForm next={next} />;
}
