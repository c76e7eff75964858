import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader, Panel } from '@/components/ui/panel';
import { MIN_ADMIN_PASSWORD_LENGTH } from '@/lib/auth/constants';
import { requirePagePrincipal } from '@/lib/auth/session';
import { ChangePasswordForm } from './change-password-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account.password');
  return { title: t('title') };
}

export default async function ChangePasswordPage() {
  await requirePagePrincipal();
  const t = await getTranslations('account.password');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Panel aria-label={t('title')}>
        <ChangePasswordForm minLength={MIN_ADMIN_PASSWORD_LENGTH} />
      </Panel>
    </>
  );
}
