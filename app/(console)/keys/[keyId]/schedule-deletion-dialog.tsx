'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { DATE_TIME } from '@/components/format';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
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
  const { run, pending } = useAction(scheduleKeyDeletionAction);
  const [open, setOpen] = useState(false);
  const [daysText, setDaysText] = useState(String(DEFAULT_DAYS));
  const [daysError, setDaysError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  // The preview of the deletion date counts from when the dialog opened (render stays pure).
  const [openedAt, setOpenedAt] = useState(0);

  const days = parseDays(daysText);

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (next) {
      setOpenedAt(Date.now());
      setDaysText(String(DEFAULT_DAYS));
      setDaysError(undefined);
      setFormError(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    if (days === null) {
      setDaysError(t('daysRange', { min: MIN_DAYS, max: MAX_DAYS }));
      return;
    }
    setDaysError(undefined);
    const result = await run({ keyId, pendingWindowInDays: days });
    if (result.ok) {
      setOpen(false);
      const when = result.data.deletionDate ? `${format.dateTime(result.data.deletionDate, DATE_TIME)} UTC` : '';
      toast({ title: tToast('deletionScheduled'), description: when ? tToast('deletionScheduledOn', { date: when }) : undefined });
    } else if (result.fieldErrors?.pendingWindowInDays) {
      setDaysError(t('daysRange', { min: MIN_DAYS, max: MAX_DAYS }));
    } else {
      setFormError(errorText.forCode(result.code));
    }
  }

  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogTrigger asChild>
        <Button variant="secondary" className="text-red-700">
          {t('open')}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent className="max-w-lg">
        <form onSubmit={onSubmit} noValidate>
          <AlertDialogHeader title={t('title')} description={t('consequence')} />
          <div className="space-y-3 px-5 py-3">
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
            {formError ? <Alert>{formError}</Alert> : null}
          </div>
          <AlertDialogFooter>
            <AlertDialogCancel asChild>
              <Button variant="secondary" disabled={pending}>
                {t('cancel')}
              </Button>
            </AlertDialogCancel>
            <Button type="submit" variant="danger" loading={pending}>
              {t('confirm')}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
