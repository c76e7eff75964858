'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';

const TABS = [
  { href: '/account/sessions', label: 'sessions' },
  { href: '/account/password', label: 'password' },
] as const;

/** The two pages of the Account area. */
export function AccountTabs() {
  const t = useTranslations('account.nav');
  const pathname = usePathname();
  return (
    <nav aria-label={t('label')} className="mb-4 flex gap-1 border-b border-gray-200">
      {TABS.map((tab) => {
        const current = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? 'page' : undefined}
            className={cn(
              '-mb-px border-b-2 px-3 py-1.5 text-[13px] font-medium',
              current ? 'border-brand-600 text-brand-800' : 'border-transparent text-gray-600 hover:text-gray-900',
            )}
          >
            {t(tab.label)}
          </Link>
        );
      })}
    </nav>
  );
}
