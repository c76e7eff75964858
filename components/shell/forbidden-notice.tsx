import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';
import { Panel } from '@/components/ui/panel';

/**
 * What a signed-in user sees on a page their role does not allow: what happened and what to do, instead
 * of an error page. The domain refused (and audited) the read; nothing of the page's data is rendered.
 */
export function ForbiddenNotice() {
  const t = useTranslations('common.forbidden');
  return (
    <Panel role="alert" className="px-6 py-10 text-center">
      <h1 className="text-base font-semibold text-gray-900">{t('title')}</h1>
      <p className="mx-auto mt-1 max-w-md text-[13px] text-gray-600">{t('body')}</p>
      <Link href="/keys" className={`${buttonClasses({ variant: 'secondary' })} mt-4`}>
        {t('back')}
      </Link>
    </Panel>
  );
}
