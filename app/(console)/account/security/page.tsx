import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/panel';
import { requireMfaStatus } from '@/lib/auth/session';
import { readMfaPolicy } from '@/lib/kms';
import { getKmsContext } from '@/lib/server/kms-context';
import { MfaSettings } from './mfa-settings';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mfa.security');
  return { title: t('title') };
}

/** Everyone's own multi-factor sign-in; the one console page open to a person the policy sends to enrol. */
export default async function SecurityPage() {
  const { twoFactorEnabled } = await requireMfaStatus();
  const [policy, t] = await Promise.all([getKmsContext().then(readMfaPolicy), getTranslations('mfa.security')]);
  return (
    <>
      <PageHeader title={t('heading')} />
      {policy.required && !twoFactorEnabled ? (
        <Alert tone="warning" className="mb-4">
          {t('requiredNotice')}
        </Alert>
      ) : null}
      <MfaSettings enabled={twoFactorEnabled} policyRequired={policy.required} />
    </>
  );
}
