import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';
import { KeyIcon, PlusIcon } from '@/components/ui/icons';

/**
 * No keys at all (a call to create one, for a role that may) or none matching the filters (a way back to
 * all keys).
 */
export function KeysEmptyState({ filtered, mayCreate }: { filtered: boolean; mayCreate: boolean }) {
  const t = useTranslations('keys.list');
  return (
    <div className="flex flex-col items-center px-6 py-14 text-center">
      <span className="rounded-full bg-gray-100 p-3 text-gray-500" aria-hidden="true">
        <KeyIcon width={22} height={22} />
      </span>
      <h2 className="mt-3 text-sm font-semibold text-gray-900">{filtered ? t('noMatches.title') : t('empty.title')}</h2>
      <p className="mt-1 max-w-sm text-[13px] text-gray-600">{filtered ? t('noMatches.body') : t('empty.body')}</p>
      <div className="mt-4">
        {filtered ? (
          <Link href="/keys" className={buttonClasses({ variant: 'secondary' })}>
            {t('clear')}
          </Link>
        ) : mayCreate ? (
          <Link href="/keys/new" className={buttonClasses({ variant: 'primary' })}>
            <PlusIcon width={14} height={14} />
            {t('createKey')}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
