import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader, Panel } from '@/components/ui/panel';
import { requirePagePrincipal } from '@/lib/auth/session';
import { CreateKeyForm } from './create-key-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('keys.create');
  return { title: t('title') };
}

export default async function NewKeyPage() {
  await requirePagePrincipal();
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
