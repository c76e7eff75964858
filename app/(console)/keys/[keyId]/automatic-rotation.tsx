'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmedActionDialog, useConfirmedAction } from '@/components/actions/confirmed-action-dialog';
import { DATE_TIME } from '@/components/format';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import type { TKeyRotationStatus } from '@/lib/kms';
import { ROTATION_PERIOD_DAYS } from '@/lib/kms/public-limits';
import { disableKeyRotationAction, enableKeyRotationAction } from './actions';

// SPEC §11's range, from the domain, which checks it again.
const { min: MIN_DAYS, max: MAX_DAYS, default: DEFAULT_DAYS } = ROTATION_PERIOD_DAYS;

function parseRotationPeriod(text: string): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const days = Number(text.trim());
  return days >= MIN_DAYS && days <= MAX_DAYS ? days : null;
}

/** Turns automatic rotation on, or changes its period: one dialog with the period in days. */
function RotationPeriodDialog({ keyId, currentDays }: { keyId: string; currentDays: number | null }) {
  const t = useTranslations('versions.automatic');
  const { forCode } = useErrorText();
  const toast = useToast();
  const [daysText, setDaysText] = useState(String(currentDays ?? DEFAULT_DAYS));
  const [daysError, setDaysError] = useState<string | undefined>();
  const range = t('periodRange', { min: MIN_DAYS, max: MAX_DAYS });
  const state = useConfirmedAction({
    action: enableKeyRotationAction,
    onDone: (data) => toast({ title: t('enabledToast'), description: t('enabledToastBody', { days: data.rotationPeriodInDays }) }),
    errorText: (failure) => {
      if (!failure.fieldErrors?.rotationPeriodInDays) return forCode(failure.code, failure.reason, failure.params);
      setDaysError(range);
      return null;
    },
    onOpenChange: (open) => {
      if (!open) return;
      setDaysText(String(currentDays ?? DEFAULT_DAYS));
      setDaysError(undefined);
    },
  });

  function onSubmit() {
    const days = parseRotationPeriod(daysText);
    if (days === null) {
      setDaysError(range);
      return;
    }
    setDaysError(undefined);
    void state.confirm({ keyId, rotationPeriodInDays: days });
  }

  return (
    <ConfirmedActionDialog
      state={state}
      className="max-w-lg"
      trigger={
        <Button variant={currentDays === null ? 'primary' : 'secondary'} size="sm">
          {currentDays === null ? t('enable') : t('change')}
        </Button>
      }
      title={t('dialogTitle')}
      description={t('dialogBody')}
      cancelLabel={t('cancel')}
      confirmLabel={t('save')}
      confirmVariant="primary"
      onSubmit={onSubmit}
    >
      <FormField id="rotation-period" label={t('period')} hint={t('periodHint', { min: MIN_DAYS, max: MAX_DAYS, default: DEFAULT_DAYS })} error={daysError} required>
        <Input
          id="rotation-period"
          name="rotationPeriodInDays"
          type="number"
          inputMode="numeric"
          min={MIN_DAYS}
          max={MAX_DAYS}
          step={1}
          value={daysText}
          onChange={(event) => {
            setDaysText(event.target.value);
            setDaysError(undefined);
          }}
          aria-required="true"
          aria-invalid={daysError ? true : undefined}
          aria-describedby={describedBy('rotation-period', { hint: true, error: Boolean(daysError) })}
          className="w-32"
        />
      </FormField>
    </ConfirmedActionDialog>
  );
}

/**
 * A generated key's automatic rotation (SPEC §11): off, or on with its period and the next rotation's date;
 * the controls to turn it on, change the period or turn it off where the role and the key's state allow it.
 */
export function AutomaticRotation({ keyId, status, canConfigure }: { keyId: string; status: TKeyRotationStatus; canConfigure: boolean }) {
  const t = useTranslations('versions.automatic');
  const format = useFormatter();
  const { forCode } = useErrorText();
  const toast = useToast();
  const disable = useAction(disableKeyRotationAction);
  const [error, setError] = useState<string | null>(null);
  const on = status.enabled && status.rotationPeriodDays !== null && status.nextRotationAt !== null;

  async function onDisable() {
    setError(null);
    const result = await disable.run({ keyId });
    if (result.ok) toast({ title: t('disabledToast') });
    else setError(forCode(result.code, result.reason, result.params));
  }

  return (
    <section aria-labelledby="automatic-rotation-heading" className="space-y-2 border-b border-gray-100 px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0 space-y-0.5">
          <h3 id="automatic-rotation-heading" className="text-[13px] font-semibold text-gray-900">
            {t('title')}
          </h3>
          <p
            className="text-[13px] text-gray-700"
            data-testid="automatic-rotation-status"
            data-next-rotation={on ? status.nextRotationAt?.toISOString() : undefined}
          >
            {on && status.nextRotationAt && status.rotationPeriodDays !== null
              ? t('on', { days: status.rotationPeriodDays, date: format.dateTime(status.nextRotationAt, DATE_TIME) })
              : t('off')}
          </p>
        </div>
        {canConfigure ? (
          <div className="flex flex-wrap items-center gap-2">
            <RotationPeriodDialog keyId={keyId} currentDays={on ? status.rotationPeriodDays : null} />
            {on ? (
              <Button variant="secondary" size="sm" loading={disable.pending} onClick={onDisable}>
                {t('disable')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
    </section>
  );
}
