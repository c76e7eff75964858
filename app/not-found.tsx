import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';

export default function NotFound() {
  const t = useTranslations('common.notFound');
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-lg font-semibold text-gray-900">{t('title')}</h1>
      <p className="mt-1 max-w-md text-[13px] text-gray-600">{t('body')}</p>
      <Link href="/keys" className={`${buttonClasses({ variant: 'secondary' })} mt-4`}>
        {t('back')}
      </Link>
    </main>
  );
}
