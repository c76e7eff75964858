'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { DATE_TIME_SECONDS } from '@/components/format';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Choice } from './choice';

export type TExpiryMode = 'never' | 'at';

const INPUT_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// One rule, said at the picker (SPEC §4): a person enters the expiry in their own time zone, named in the
// label; Keyfort stores it, and shows it everywhere, in UTC, so the UTC instant is echoed right under the field.
// A `datetime-local` value has no zone of its own: the browser's is the person's.

/** A `datetime-local` value in the browser's time zone for an instant, to the second (expiry happens to the second). */
export function toLocalInputValue(ms: number): string {
  const d = new Date(ms);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The instant a `datetime-local` value names in the browser's time zone (a date-time without offset is local). */
export function parseLocalInputValue(value: string): Date | null {
  if (!INPUT_DATE_TIME.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function ExpiryField({
  mode,
  onModeChange,
  value,
  onValueChange,
  error,
}: {
  mode: TExpiryMode;
  onModeChange: (mode: TExpiryMode) => void;
  value: string;
  onValueChange: (value: string) => void;
  error?: string;
}) {
  const t = useTranslations('keys.importWizard.step2');
  const format = useFormatter();
  const instant = mode === 'at' ? parseLocalInputValue(value) : null;
  // Rendered only in the browser (the wizard opens on a click), so the zone is the person's own.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <fieldset className="space-y-2">
      <legend className="text-[13px] font-medium text-gray-800">{t('expiry')}</legend>
      <Choice name="material-expiry" value="never" checked={mode === 'never'} onSelect={() => onModeChange('never')}>
        {t('expiryNever')}
      </Choice>
      <Choice name="material-expiry" value="at" checked={mode === 'at'} onSelect={() => onModeChange('at')}>
        {t('expiryAt')}
      </Choice>
      {mode === 'at' ? (
        <div className="pl-6">
          <FormField id="material-valid-to" label={t('expiryAtLabel', { timeZone })} hint={t('expiryAtHint')} error={error}>
            <div className="w-64 max-w-full">
              <Input
                id="material-valid-to"
                type="datetime-local"
                step={1}
                value={value}
                onChange={(event) => onValueChange(event.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy('material-valid-to', { hint: true, error: Boolean(error) })}
              />
            </div>
          </FormField>
          {instant ? (
            <p className="mt-1 text-xs text-gray-700" data-testid="material-valid-to-utc">
              {t('expiryAtUtc', { date: format.dateTime(instant, { ...DATE_TIME_SECONDS, timeZone: 'UTC' }) })}
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
