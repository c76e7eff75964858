import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { Pagination } from '@/components/ui/pagination';
import { PageHeader, Panel } from '@/components/ui/panel';
import { getAuditEvents, parseAuditParams } from '@/lib/queries/audit';
import type { TSearchParams } from '@/lib/queries/search-params';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('audit');
  return { title: t('title') };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const params = parseAuditParams(await searchParams);
  const [t, result] = await Promise.all([getTranslations('audit'), getAuditEvents(params)]);
  const items = result.ok ? result.page.items : [];

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Panel aria-label={t('title')}>
        <AuditFilters params={params} invalidKeyId={!result.ok} />
        {items.length > 0 ? (
          <AuditTable events={items} />
        ) : (
          <p className="px-4 py-10 text-center text-[13px] text-gray-600">{t('empty')}</p>
        )}
        {result.ok && result.page.total > 0 ? (
          <Pagination
            page={result.page.page}
            pageSize={result.page.pageSize}
            total={result.page.total}
            basePath="/audit"
            params={{ keyId: params.keyId, action: params.action, result: params.result }}
          />
        ) : null}
      </Panel>
    </>
  );
}
