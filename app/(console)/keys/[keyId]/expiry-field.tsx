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

// The picker is in UTC, like every time the console shows (one rule, said in the label): a `datetime-local`
// input has no zone of its own, so its value is read and written as UTC here, never as the browser's zone.

/** A `datetime-local` value in UTC for an instant, to the second (expiry happens to the second). */
export function toUtcInputValue(ms: number): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The instant a `datetime-local` value names, read as UTC. */
export function parseUtcInputValue(value: string): Date | null {
  if (!INPUT_DATE_TIME.test(value)) return null;
  const date = new Date(`${value}Z`);
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
  const instant = mode === 'at' ? parseUtcInputValue(value) : null;
  // Rendered only in the browser (the wizard opens on a click): the user's own zone, as a cross-check only.
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
          <FormField id="material-valid-to" label={t('expiryAtLabel')} hint={t('expiryAtHint')} error={error}>
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
            <p className="mt-1 text-xs text-gray-700" data-testid="material-valid-to-local">
              {t('expiryAtLocal', { date: format.dateTime(instant, { ...DATE_TIME_SECONDS, timeZone }), timeZone })}
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
