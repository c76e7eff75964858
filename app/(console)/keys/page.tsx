import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { KeysEmptyState } from '@/components/keys/keys-empty-state';
import { KeysFilters } from '@/components/keys/keys-filters';
import { KeysTable } from '@/components/keys/keys-table';
import { buttonClasses } from '@/components/ui/button-classes';
import { PlusIcon } from '@/components/ui/icons';
import { pageHref, Pagination } from '@/components/ui/pagination';
import { PageHeader, Panel } from '@/components/ui/panel';
import { requirePagePrincipal } from '@/lib/auth/session';
import { getKeyList, parseKeyListParams } from '@/lib/queries/keys';
import type { TSearchParams } from '@/lib/queries/search-params';
import { mayRunAction } from '@/lib/server/operation-permissions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('keys');
  return { title: t('title') };
}

export default async function KeysPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const params = parseKeyListParams(await searchParams);
  const [t, result, principal] = await Promise.all([getTranslations('keys'), getKeyList(params), requirePagePrincipal()]);
  const mayCreate = mayRunAction(principal, 'createKeyAction');
  const filtered = Boolean(params.q || params.state || params.origin || params.expires);
  const keep = { q: params.q, state: params.state, origin: params.origin, expires: params.expires, sort: params.sort };

  // A page past the end (keys deleted meanwhile, or a hand-edited URL) shows the last page instead.
  if (result.ok && result.page.items.length === 0 && result.page.total > 0 && params.page > 1) {
    redirect(pageHref('/keys', keep, Math.ceil(result.page.total / result.page.pageSize)));
  }

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          mayCreate ? (
            <Link href="/keys/new" className={buttonClasses({ variant: 'primary' })}>
              <PlusIcon width={14} height={14} />
              {t('createKey')}
            </Link>
          ) : null
        }
      />
      <Panel aria-label={t('title')}>
        <KeysFilters params={params} invalidSearch={!result.ok} />
        {result.ok && result.page.items.length > 0 ? (
          <KeysTable keys={result.page.items} />
        ) : (
          <KeysEmptyState filtered={filtered || !result.ok} mayCreate={mayCreate} />
        )}
        {result.ok && result.page.total > 0 ? (
          <Pagination
            page={result.page.page}
            pageSize={result.page.pageSize}
            total={result.page.total}
            basePath="/keys"
            params={keep}
          />
        ) : null}
      </Panel>
    </>
  );
}
