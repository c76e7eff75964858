'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { CloseIcon, PlusIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';

/** One row of the form; `id` keeps React's identity stable while rows are added and removed. */
export interface TContextRow {
  id: number;
  key: string;
  value: string;
}

function nextRowId(rows: TContextRow[]): number {
  return rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
}

/**
 * Encryption-context pairs as editable rows: add, change, remove. Rows stay in the order entered so an
 * error (`errors[row.id]`) is shown under the row it is about.
 */
export function EncryptionContextFields({
  rows,
  onChange,
  errors,
  disabled,
}: {
  rows: TContextRow[];
  onChange: (rows: TContextRow[]) => void;
  errors: Partial<Record<number, string>>;
  disabled?: boolean;
}) {
  const t = useTranslations('keys.cryptoTool.context');

  function update(id: number, change: Partial<Omit<TContextRow, 'id'>>) {
    onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  }

  return (
    <fieldset className="space-y-2" aria-describedby="encryption-context-hint">
      <legend className="text-[13px] font-medium text-gray-800">{t('legend')}</legend>
      <p id="encryption-context-hint" className="text-xs text-gray-600">
        {t('hint')}
      </p>
      {rows.length > 0 ? (
        <ul className="space-y-2" aria-label={t('listLabel')}>
          {rows.map((row, index) => {
            const n = index + 1;
            const error = errors[row.id];
            const errorId = `encryption-context-${row.id}-error`;
            return (
              <li key={row.id}>
                <div className="flex items-center gap-2">
                  <Input
                    aria-label={t('keyLabel', { n })}
                    placeholder={t('keyPlaceholder')}
                    value={row.key}
                    onChange={(event) => update(row.id, { key: event.target.value })}
                    disabled={disabled}
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? errorId : undefined}
                    className="max-w-56 font-mono"
                  />
                  <Input
                    aria-label={t('valueLabel', { n })}
                    placeholder={t('valuePlaceholder')}
                    value={row.value}
                    onChange={(event) => update(row.id, { value: event.target.value })}
                    disabled={disabled}
                    autoComplete="off"
                    spellCheck={false}
                    className="max-w-80 font-mono"
                  />
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t('remove', { n })}
                    title={t('remove', { n })}
                    disabled={disabled}
                    onClick={() => onChange(rows.filter((other) => other.id !== row.id))}
                  >
                    <CloseIcon width={14} height={14} />
                  </Button>
                </div>
                <FieldError id={errorId}>{error}</FieldError>
              </li>
            );
          })}
        </ul>
      ) : null}
      <Button variant="secondary" size="sm" disabled={disabled} onClick={() => onChange([...rows, { id: nextRowId(rows), key: '', value: '' }])}>
        <PlusIcon width={14} height={14} />
        {t('add')}
      </Button>
    </fieldset>
  );
}
