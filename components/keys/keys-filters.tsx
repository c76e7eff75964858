import Form from 'next/form';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';
import { FieldError } from '@/components/ui/field-error';
import { SearchIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { EXPIRY_WINDOW_IDS } from '@/lib/kms/expiry-urgency';
import { KEY_ORIGINS, KEY_STATES } from '@/lib/kms/types';
import type { TKeyListParams } from '@/lib/queries/keys';

/**
 * A GET form: the filters live in the URL (shareable, back button works, no JS needed), and submitting
 * starts again at page 1.
 */
export function KeysFilters({ params, invalidSearch }: { params: TKeyListParams; invalidSearch: boolean }) {
  const t = useTranslations('keys.list');
  const tKeys = useTranslations('keys');
  const filtered = Boolean(params.q || params.state || params.origin || params.expires || params.sort);
  return (
    // Keyed by the URL's filters: the fields are uncontrolled, so without a remount "Clear filters" (or Back)
    // would list every key while the fields still showed the old filters.
    <Form key={JSON.stringify([params.q, params.state, params.origin, params.expires, params.sort])} action="/keys" className="flex flex-wrap items-start gap-2 border-b border-gray-200 px-3 py-2.5" role="search" aria-label={t('filtersLabel')}>
      <div className="w-72 max-w-full">
        <label htmlFor="keys-q" className="sr-only">
          {t('searchLabel')}
        </label>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-2 left-2 text-gray-500" width={16} height={16} />
          <Input
            id="keys-q"
            name="q"
            type="search"
            defaultValue={params.q ?? ''}
            placeholder={t('searchPlaceholder')}
            className="pl-8"
            maxLength={255}
            aria-invalid={invalidSearch || undefined}
            aria-describedby={invalidSearch ? 'keys-q-error' : undefined}
          />
        </div>
        <FieldError id="keys-q-error">{invalidSearch ? t('invalidSearch') : null}</FieldError>
      </div>
      <label htmlFor="keys-state" className="sr-only">
        {t('stateFilter')}
      </label>
      <Select id="keys-state" name="state" defaultValue={params.state ?? ''} className="w-40">
        <option value="">{t('allStates')}</option>
        {KEY_STATES.map((state) => (
          <option key={state} value={state}>
            {tKeys(`state.${state}`)}
          </option>
        ))}
      </Select>
      <label htmlFor="keys-origin" className="sr-only">
        {t('originFilter')}
      </label>
      <Select id="keys-origin" name="origin" defaultValue={params.origin ?? ''} className="w-36">
        <option value="">{t('allOrigins')}</option>
        {KEY_ORIGINS.map((origin) => (
          <option key={origin} value={origin}>
            {tKeys(`origin.${origin}`)}
          </option>
        ))}
      </Select>
      <label htmlFor="keys-expires" className="sr-only">
        {t('expiresFilter')}
      </label>
      <Select id="keys-expires" name="expires" defaultValue={params.expires ?? ''} className="w-52">
        <option value="">{t('anyExpiry')}</option>
        {EXPIRY_WINDOW_IDS.map((window) => (
          <option key={window} value={window}>
            {t(`expiresWithin.${window}`)}
          </option>
        ))}
      </Select>
      <label htmlFor="keys-sort" className="sr-only">
        {t('sort')}
      </label>
      <Select id="keys-sort" name="sort" defaultValue={params.sort ?? 'desc'} className="w-44">
        <option value="desc">{t('sortNewest')}</option>
        <option value="asc">{t('sortOldest')}</option>
        <option value="expiry">{t('sortExpiry')}</option>
      </Select>
      <button type="submit" className={buttonClasses({ variant: 'secondary' })}>
        {t('apply')}
      </button>
      {filtered ? (
        <Link href="/keys" className={buttonClasses({ variant: 'ghost' })}>
          {t('clear')}
        </Link>
      ) : null}
    </Form>
  );
}
