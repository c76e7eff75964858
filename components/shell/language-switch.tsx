'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { cn } from '@/components/ui/cn';
import { CheckIcon, GlobeIcon } from '@/components/ui/icons';
import { isLocale, LOCALE_NAMES, LOCALES, type TLocale } from '@/lib/i18n/locales';

/** Signed in: saves the preference and sets the cookie; signed out: the cookie only. Both validate the locale. */
export type TSetLocale = (input: { locale: TLocale }) => Promise<{ ok: boolean }>;

/**
 * The language menu (console header, its mobile drawer, the sign-in card). A Radix menu of radio items: the
 * current language is checked, arrow keys move, Escape closes and focus returns to the button. After the
 * server has remembered the choice, the page is rendered again in the new language (router.refresh keeps
 * what the client holds, e.g. a half-filled form).
 */
export function LanguageSwitch({ action, tone = 'light', className }: { action: TSetLocale; tone?: 'dark' | 'light'; className?: string }) {
  const t = useTranslations('language');
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  const name = LOCALE_NAMES[isLocale(current) ? current : 'en'];

  function choose(value: string) {
    if (!isLocale(value) || value === current) return;
    setFailed(false);
    startTransition(async () => {
      const result = await action({ locale: value });
      if (!result.ok) setFailed(true);
      router.refresh();
    });
  }

  return (
    <div className={cn('relative', className)}>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          // "Language: English" / "语言：简体中文": the label, then the current choice as seen on the button.
          aria-label={t('current', { language: name })}
          aria-busy={pending || undefined}
          className={cn(
            'inline-flex items-center gap-1.5 rounded px-2 py-1 text-[13px] font-medium',
            tone === 'dark'
              ? 'text-gray-100 hover:bg-gray-800 focus-visible:outline-white'
              : 'border border-gray-300 bg-white text-gray-700 hover:bg-gray-50',
          )}
        >
          <GlobeIcon width={14} height={14} />
          <span>{name}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-[70] min-w-36 rounded-md border border-gray-200 bg-white p-1 text-[13px] text-gray-800 shadow-lg"
          >
            <DropdownMenu.Label className="px-2 py-1 text-xs text-gray-500">{t('label')}</DropdownMenu.Label>
            <DropdownMenu.RadioGroup value={current} onValueChange={choose}>
              {LOCALES.map((locale) => (
                <DropdownMenu.RadioItem
                  key={locale}
                  value={locale}
                  lang={locale}
                  disabled={pending}
                  className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-gray-100"
                >
                  <span className="inline-flex w-3.5 justify-center">
                    <DropdownMenu.ItemIndicator>
                      <CheckIcon width={14} height={14} />
                    </DropdownMenu.ItemIndicator>
                  </span>
                  {LOCALE_NAMES[locale]}
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {failed ? (
        <p role="alert" className={cn('mt-1 text-xs', tone === 'dark' ? 'absolute right-0 w-56 rounded bg-white p-2 text-red-700 shadow' : 'text-red-700')}>
          {t('failed')}
        </p>
      ) : null}
    </div>
  );
}
