import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SIGN_IN_PAGE } from '@/lib/auth/constants';
import { isSetupRequired } from '@/lib/auth/setup-state';
import { SetupForm } from './setup-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth');
  return { title: t('setup.title') };
}

/** Shown only while Keyfort has no user; the action checks again, since this page can be stale. */
export default async function SetupPage() {
  await connection();
  if (!(await isSetupRequired())) redirect(SIGN_IN_PAGE);
  return <SetupForm />;
}
