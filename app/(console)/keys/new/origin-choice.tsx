'use client';

import { useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import { KEY_ORIGINS, type KeyOrigin } from '@/lib/kms/types';

/** Native radios in a fieldset: arrow keys move between them and the legend names the group. */
export function OriginChoice({ value, onChange }: { value: KeyOrigin; onChange: (origin: KeyOrigin) => void }) {
  const t = useTranslations('keys.create');
  return (
    <fieldset className="max-w-xl">
      <legend className="text-[13px] font-medium text-gray-800">{t('origin')}</legend>
      <div className="mt-1.5 space-y-2">
        {KEY_ORIGINS.map((origin) => (
          <label
            key={origin}
            className={cn(
              'flex cursor-pointer items-start gap-2.5 rounded border px-3 py-2.5',
              value === origin ? 'border-brand-600 bg-brand-50/60' : 'border-gray-200 bg-white hover:border-gray-300',
            )}
          >
            <input
              type="radio"
              name="origin"
              value={origin}
              checked={value === origin}
              onChange={() => onChange(origin)}
              className="mt-0.5 size-4 accent-brand-600"
              aria-describedby={`origin-${origin}-hint`}
            />
            <span>
              <span className="block text-[13px] font-medium text-gray-900">{t(`originOption.${origin}.label`)}</span>
              <span id={`origin-${origin}-hint`} className="block text-xs text-gray-600">
                {t(`originOption.${origin}.hint`)}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
