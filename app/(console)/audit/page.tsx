import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AuditExportLinks } from '@/components/audit/audit-export-links';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { ForbiddenNotice } from '@/components/shell/forbidden-notice';
import { Pagination } from '@/components/ui/pagination';
import { PageHeader, Panel } from '@/components/ui/panel';
import { getAuditEvents, parseAuditParams } from '@/lib/queries/audit';
import { auditFilterParams } from '@/lib/queries/audit-params';
import type { TSearchParams } from '@/lib/queries/search-params';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('audit');
  return { title: t('title') };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const params = parseAuditParams(await searchParams);
  const [t, result] = await Promise.all([getTranslations('audit'), getAuditEvents(params)]);
  if (!result.ok && result.reason === 'FORBIDDEN') return <ForbiddenNotice />;
  const items = result.ok ? result.page.items : [];
  const filters = auditFilterParams(params);

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={result.ok ? <AuditExportLinks filters={filters} /> : null} />
      <Panel aria-label={t('title')}>
        <AuditFilters params={params} invalidField={result.ok ? null : result.field} />
        {result.ok && items.length > 0 ? (
          <AuditTable events={items} aliases={result.aliases} />
        ) : (
          <p className="px-4 py-10 text-center text-[13px] text-gray-600">{t('empty')}</p>
        )}
        {result.ok && result.page.total > 0 ? (
          <Pagination page={result.page.page} pageSize={result.page.pageSize} total={result.page.total} basePath="/audit" params={filters} />
        ) : null}
      </Panel>
    </>
  );
}
