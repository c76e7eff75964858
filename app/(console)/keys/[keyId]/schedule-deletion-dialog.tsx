'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmedActionDialog, useConfirmedAction } from '@/components/actions/confirmed-action-dialog';
import { DATE_TIME } from '@/components/format';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { PENDING_WINDOW_DAYS } from '@/lib/kms/public-limits';
import { scheduleKeyDeletionAction } from './actions';

// SPEC §2's range, from the domain, which checks it again.
const { min: MIN_DAYS, max: MAX_DAYS, default: DEFAULT_DAYS } = PENDING_WINDOW_DAYS;
const DAY_MS = 24 * 60 * 60 * 1000;

function parseDays(text: string): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const days = Number(text.trim());
  return days >= MIN_DAYS && days <= MAX_DAYS ? days : null;
}

export function ScheduleDeletionDialog({ keyId }: { keyId: string }) {
  const t = useTranslations('keys.scheduleDeletion');
  const tToast = useTranslations('keys.toast');
  const format = useFormatter();
  const errorText = useErrorText();
  const toast = useToast();
  const [daysText, setDaysText] = useState(String(DEFAULT_DAYS));
  const [daysError, setDaysError] = useState<string | undefined>();
  // The preview of the deletion date counts from when the dialog opened (render stays pure).
  const [openedAt, setOpenedAt] = useState(0);
  const state = useConfirmedAction({
    action: scheduleKeyDeletionAction,
    onDone: (data) => {
      const when = data.deletionDate ? `${format.dateTime(data.deletionDate, DATE_TIME)} UTC` : '';
      toast({ title: tToast('deletionScheduled'), description: when ? tToast('deletionScheduledOn', { date: when }) : undefined });
    },
    errorText: (failure) => {
      if (!failure.fieldErrors?.pendingWindowInDays) return errorText.forCode(failure.code, failure.reason);
      setDaysError(t('daysRange', { min: MIN_DAYS, max: MAX_DAYS }));
      return null;
    },
    onOpenChange: (open) => {
      if (!open) return;
      setOpenedAt(Date.now());
      setDaysText(String(DEFAULT_DAYS));
      setDaysError(undefined);
    },
  });

  const days = parseDays(daysText);

  function onSubmit() {
    if (days === null) {
      setDaysError(t('daysRange', { min: MIN_DAYS, max: MAX_DAYS }));
      return;
    }
    setDaysError(undefined);
    void state.confirm({ keyId, pendingWindowInDays: days });
  }

  return (
    <ConfirmedActionDialog
      state={state}
      className="max-w-lg"
      trigger={
        <Button variant="secondary" className="text-red-700">
          {t('open')}
        </Button>
      }
      title={t('title')}
      description={t('consequence')}
      cancelLabel={t('cancel')}
      confirmLabel={t('confirm')}
      onSubmit={onSubmit}
    >
      <FormField id="pending-window" label={t('days')} hint={t('daysHint', { min: MIN_DAYS, max: MAX_DAYS })} error={daysError} required>
        <Input
          id="pending-window"
          name="pendingWindowInDays"
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
          aria-describedby={describedBy('pending-window', { hint: true, error: Boolean(daysError) })}
          className="w-32"
        />
      </FormField>
      {days !== null ? (
        <p className="text-[13px] text-gray-700" aria-live="polite">
          {t('deletedOn', { date: `${format.dateTime(new Date(openedAt + days * DAY_MS), DATE_TIME)} UTC` })}
        </p>
      ) : null}
    </ConfirmedActionDialog>
  );
}
