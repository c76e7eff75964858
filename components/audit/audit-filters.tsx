import Form from 'next/form';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { buttonClasses } from '@/components/ui/button-classes';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { AUDIT_RESULTS, type TAuditFilterField, type TAuditParams } from '@/lib/queries/audit-params';
import { useAuditActionLabel } from './audit-action-name';
import { AUDIT_ACTION_OPTIONS } from './audit-action-options';

function TextFilter(props: { name: TAuditFilterField; id: string; label: string; placeholder: string; value?: string; invalid: boolean; maxLength: number; width: string }) {
  return (
    <div className={`${props.width} max-w-full space-y-1`}>
      <label htmlFor={props.id} className="block text-xs font-medium text-gray-700">
        {props.label}
      </label>
      <Input
        id={props.id}
        name={props.name}
        defaultValue={props.value ?? ''}
        placeholder={props.placeholder}
        className={props.name === 'actor' ? 'text-xs' : 'font-mono text-xs'}
        spellCheck={false}
        autoComplete="off"
        maxLength={props.maxLength}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.invalid ? 'audit-filter-error' : undefined}
      />
    </div>
  );
}

/** Filters in the URL (GET form), like the keys list: shareable and usable without JavaScript. */
export function AuditFilters({ params, invalidField }: { params: TAuditParams; invalidField: TAuditFilterField | null }) {
  const t = useTranslations('audit');
  const actionLabel = useAuditActionLabel();
  const filtered = Boolean(params.keyId || params.action || params.result || params.actor || params.address);
  return (
    // Remounted when the URL's filters change (see keys-filters.tsx): the fields are uncontrolled.
    <Form
      key={JSON.stringify([params.keyId, params.action, params.result, params.actor, params.address])}
      action="/audit"
      role="search"
      aria-label={t('filters.label')}
      className="flex flex-wrap items-end gap-3 border-b border-gray-200 px-3 py-2.5"
    >
      <TextFilter name="keyId" id="audit-key-id" label={t('filters.keyId')} placeholder={t('filters.keyIdPlaceholder')} value={params.keyId} invalid={invalidField === 'keyId'} maxLength={255} width="w-80" />
      <div className="space-y-1">
        <label htmlFor="audit-action" className="block text-xs font-medium text-gray-700">
          {t('filters.action')}
        </label>
        <Select id="audit-action" name="action" defaultValue={params.action ?? ''} className="w-56">
          <option value="">{t('filters.allActions')}</option>
          {AUDIT_ACTION_OPTIONS.map((action) => (
            <option key={action} value={action}>
              {actionLabel(action)}
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
      <TextFilter name="actor" id="audit-actor" label={t('filters.actor')} placeholder={t('filters.actorPlaceholder')} value={params.actor} invalid={invalidField === 'actor'} maxLength={320} width="w-56" />
      <TextFilter name="address" id="audit-address" label={t('filters.address')} placeholder={t('filters.addressPlaceholder')} value={params.address} invalid={invalidField === 'address'} maxLength={64} width="w-44" />
      <button type="submit" className={buttonClasses({ variant: 'secondary' })}>
        {t('filters.apply')}
      </button>
      {filtered ? (
        <Link href="/audit" className={buttonClasses({ variant: 'ghost' })}>
          {t('filters.clear')}
        </Link>
      ) : null}
      {invalidField ? (
        <div className="basis-full">
          <FieldError id="audit-filter-error">{t(`filters.invalid.${invalidField}`)}</FieldError>
        </div>
      ) : null}
    </Form>
  );
}
