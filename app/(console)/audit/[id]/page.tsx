import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuditRecordDetails } from '@/components/audit/audit-record-details';
import { ForbiddenNotice } from '@/components/shell/forbidden-notice';
import { PageHeader } from '@/components/ui/panel';
import { getAuditRecord } from '@/lib/queries/audit';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('audit');
  return { title: t('detail.title') };
}

/** One audit record, whole. The domain decides who may read it (audit:read) and audits a refusal. */
export default async function AuditRecordPage({ params }: Props) {
  const { id } = await params;
  const [t, result] = await Promise.all([getTranslations('audit'), getAuditRecord(id)]);
  if (!result.ok && result.reason === 'FORBIDDEN') return <ForbiddenNotice />;
  if (!result.ok) notFound();
  return (
    <>
      <PageHeader
        title={t('detail.title')}
        description={`${result.event.action} · ${result.event.actorName}`}
        breadcrumb={
          <Link href="/audit" className="text-brand-600 hover:underline">
            {t('title')}
          </Link>
        }
      />
      <AuditRecordDetails event={result.event} aliases={result.aliases} />
    </>
  );
}
