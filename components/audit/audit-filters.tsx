import Form from 'next/form';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { AUDIT_ACTIONS } from '@/lib/kms/audit-actions';
import { AUDIT_RESULTS, type TAuditParams } from '@/lib/queries/audit';

/** Filters in the URL (GET form), like the keys list: shareable and usable without JavaScript. */
export function AuditFilters({ params, invalidKeyId }: { params: TAuditParams; invalidKeyId: boolean }) {
  const t = useTranslations('audit');
  const filtered = Boolean(params.keyId || params.action || params.result);
  return (
    // Remounted when the URL's filters change (see keys-filters.tsx): the fields are uncontrolled.
    <Form key={JSON.stringify([params.keyId, params.action, params.result])} action="/audit" role="search" aria-label={t('filters.label')} className="flex flex-wrap items-end gap-3 border-b border-gray-200 px-3 py-2.5">
      <div className="w-80 max-w-full space-y-1">
        <label htmlFor="audit-key-id" className="block text-xs font-medium text-gray-700">
          {t('filters.keyId')}
        </label>
        <Input
          id="audit-key-id"
          name="keyId"
          defaultValue={params.keyId ?? ''}
          placeholder={t('filters.keyIdPlaceholder')}
          className="font-mono text-xs"
          spellCheck={false}
          autoComplete="off"
          maxLength={255}
          aria-invalid={invalidKeyId || undefined}
          aria-describedby={invalidKeyId ? 'audit-key-id-error' : undefined}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-action" className="block text-xs font-medium text-gray-700">
          {t('filters.action')}
        </label>
        <Select id="audit-action" name="action" defaultValue={params.action ?? ''} className="w-56">
          <option value="">{t('filters.allActions')}</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-result" className="block text-xs font-medium text-gray-700">
          {t('filters.result')}
        </label>
        <Select id="audit-result" name="result" defaultValue={params.result ?? ''} className="w-36">
          <option value="">{t('filters.allResults')}</option>
          {AUDIT_RESULTS.map((result) => (
            <option key={result} value={result}>
              {t(`result.${result}`)}
            </option>
          ))}
        </Select>
      </div>
      <button type="submit" className={buttonClasses({ variant: 'secondary' })}>
        {t('filters.apply')}
      </button>
      {filtered ? (
        <Link href="/audit" className={buttonClasses({ variant: 'ghost' })}>
          {t('filters.clear')}
        </Link>
      ) : null}
      {invalidKeyId ? (
        <div className="basis-full">
          <FieldError id="audit-key-id-error">{t('filters.invalidKeyId')}</FieldError>
        </div>
      ) : null}
    </Form>
  );
}
