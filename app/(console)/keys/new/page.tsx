import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ForbiddenNotice } from '@/components/shell/forbidden-notice';
import { PageHeader, Panel } from '@/components/ui/panel';
import { requirePagePrincipal } from '@/lib/auth/session';
import { mayRunAction } from '@/lib/server/operation-permissions';
import { CreateKeyForm } from './create-key-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('keys.create');
  return { title: t('title') };
}

export default async function NewKeyPage() {
  const principal = await requirePagePrincipal();
  // A role that may not create keys gets the notice, not a form whose submit would be refused.
  if (!mayRunAction(principal, 'createKeyAction')) return <ForbiddenNotice />;
  const t = await getTranslations('keys');
  return (
    <>
      <PageHeader
        title={t('create.title')}
        description={t('create.description')}
        breadcrumb={
          <Link href="/keys" className="text-brand-600 hover:underline">
            {t('title')}
          </Link>
        }
      />
      <Panel className="px-5 py-5">
        <CreateKeyForm />
      </Panel>
    </>
  );
}
