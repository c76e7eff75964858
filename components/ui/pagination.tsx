import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from './button-classes';
import { cn } from './cn';
import { ChevronLeftIcon, ChevronRightIcon } from './icons';

export interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  /** Where the list lives and the filters to keep while paging (without `page`). */
  basePath: string;
  params: Record<string, string | undefined>;
}

export function pageHref(basePath: string, params: Record<string, string | undefined>, page: number): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  if (page > 1) search.set('page', String(page));
  const query = search.toString();
  return query ? `${basePath}?${query}` : basePath;
}

/** 1 … 4 5 [6] 7 8 … 20: the first, the last and two on each side of the current page. */
function pageNumbers(page: number, pageCount: number): (number | 'gap')[] {
  const wanted = new Set([1, pageCount, page - 2, page - 1, page, page + 1, page + 2]);
  const pages = [...wanted].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const result: (number | 'gap')[] = [];
  for (const n of pages) {
    const previous = result[result.length - 1];
    if (typeof previous === 'number' && n - previous > 1) result.push('gap');
    result.push(n);
  }
  return result;
}

export function Pagination({ page, pageSize, total, basePath, params }: PaginationProps) {
  const t = useTranslations('common.pagination');
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const step = buttonClasses({ variant: 'secondary', size: 'sm' });

  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-gray-200 px-3 py-2.5 text-[13px] text-gray-600">
      <p>{t('summary', { from, to, total })}</p>
      {pageCount > 1 ? (
        <nav aria-label={t('label')} className="flex items-center gap-1">
          {page > 1 ? (
            <Link href={pageHref(basePath, params, page - 1)} className={step} rel="prev">
              <ChevronLeftIcon width={14} height={14} />
              {t('previous')}
            </Link>
          ) : (
            <span className={step} aria-disabled="true">
              <ChevronLeftIcon width={14} height={14} />
              {t('previous')}
            </span>
          )}
          {pageNumbers(page, pageCount).map((n, index) =>
            n === 'gap' ? (
              <span key={`gap-${index}`} className="px-1" aria-hidden="true">
                …
              </span>
            ) : (
              <Link
                key={n}
                href={pageHref(basePath, params, n)}
                aria-label={t('page', { page: n })}
                aria-current={n === page ? 'page' : undefined}
                className={cn(step, 'min-w-7 px-2', n === page && 'border-brand-600 bg-brand-50 text-brand-800 hover:bg-brand-50')}
              >
                {n}
              </Link>
            ),
          )}
          {page < pageCount ? (
            <Link href={pageHref(basePath, params, page + 1)} className={step} rel="next">
              {t('next')}
              <ChevronRightIcon width={14} height={14} />
            </Link>
          ) : (
            <span className={step} aria-disabled="true">
              {t('next')}
              <ChevronRightIcon width={14} height={14} />
            </span>
          )}
        </nav>
      ) : null}
    </div>
  );
}
