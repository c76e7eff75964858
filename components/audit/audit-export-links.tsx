import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';
import { pageHref } from '@/components/ui/pagination';

/**
 * Downloads of the log as filtered on the page (all pages, not only the one shown), for a SIEM. Plain links:
 * the route handler (app/(console)/audit/export/route.ts) authenticates, authorises and audits the export.
 */
export function AuditExportLinks({ filters }: { filters: Record<string, string | undefined> }) {
  const t = useTranslations('audit');
  return (
    <>
      <a href={pageHref('/audit/export', { ...filters, format: 'csv' }, 1)} download className={buttonClasses({ variant: 'secondary' })}>
        {t('export.csv')}
      </a>
      <a href={pageHref('/audit/export', { ...filters, format: 'jsonl' }, 1)} download className={buttonClasses({ variant: 'secondary' })}>
        {t('export.jsonl')}
      </a>
    </>
  );
}
