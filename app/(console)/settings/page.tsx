import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ForbiddenNotice } from '@/components/shell/forbidden-notice';
import { PageHeader, Panel, PanelHeader } from '@/components/ui/panel';
import { requirePagePrincipal } from '@/lib/auth/session';
import { can } from '@/lib/kms';
import { readMfaPolicy } from '@/lib/kms';
import { getKmsContext } from '@/lib/server/kms-context';
import { MfaPolicyForm } from './mfa-policy-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mfa.settings');
  return { title: t('title') };
}

/** System-wide settings, for administrators (users:manage); the action is refused and audited for anyone else. */
export default async function SettingsPage() {
  const principal = await requirePagePrincipal();
  if (!can(principal, 'users:manage')) return <ForbiddenNotice />;
  const [t, policy] = await Promise.all([getTranslations('mfa.settings'), getKmsContext().then(readMfaPolicy)]);
  return (
    <>
      <PageHeader title={t('heading')} />
      <Panel aria-labelledby="settings-mfa">
        <PanelHeader title={t('mfaHeading')} headingId="settings-mfa" />
        <div className="p-4">
          <MfaPolicyForm required={policy.required} />
        </div>
      </Panel>
    </>
  );
}
