import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SetPasswordForm } from './set-password-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('people.setPassword');
  return { title: t('title') };
}

/** Opened from a one-time link `/set-password#<token>`; the form reads the token from the fragment. */
export default function SetPasswordPage() {
  return <SetPasswordForm />;
}
