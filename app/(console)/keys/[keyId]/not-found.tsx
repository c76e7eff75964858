import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';
import { KeyIcon } from '@/components/ui/icons';
import { Panel } from '@/components/ui/panel';

export default function KeyNotFound() {
  const t = useTranslations('keys.notFound');
  return (
    <Panel className="flex flex-col items-center px-6 py-14 text-center">
      <span className="rounded-full bg-gray-100 p-3 text-gray-500" aria-hidden="true">
        <KeyIcon width={22} height={22} />
      </span>
      <h1 className="mt-3 text-base font-semibold text-gray-900">{t('title')}</h1>
      <p className="mt-1 max-w-md text-[13px] text-gray-600">{t('body')}</p>
      <Link href="/keys" className={`${buttonClasses({ variant: 'secondary' })} mt-4`}>
        {t('back')}
      </Link>
    </Panel>
  );
}
