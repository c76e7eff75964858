'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
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
import { useToast } from '@/components/ui/toast';
import type { ActionErrorCode, ActionResult } from '@/lib/server/action';

/**
 * A destructive action on one row of a list (remove an alias, revoke an access key): a button that opens a
 * confirmation, runs the server action, closes with a toast on success and keeps the dialog open with the
 * error otherwise — except when the row changed meanwhile (INVALID_STATE): then it closes and says so in a
 * notice. The dialog cannot be dismissed while the action runs.
 *
 * Its words come from one message namespace with the same keys for every row action: `open`, `openLabel`
 * and `title` (which name the row through `values`), `consequence`, `cancel`, `confirm`, and
 * `errors.<CODE>` for the codes in `ownErrorCodes`.
 */
export function ConfirmedRowAction<I>({
  action,
  input,
  messages,
  values,
  done,
  ownErrorCodes,
}: {
  action: (input: I) => Promise<ActionResult<unknown>>;
  input: I;
  /** The namespace holding the keys above, e.g. `keys.removeAlias`. */
  messages: string;
  /** What names the row in `openLabel` and `title`. */
  values: Record<string, string>;
  /** The toast after success. */
  done: { title: string; description: string };
  /** Codes with words of the action's own; the common message for the rest. */
  ownErrorCodes?: ReadonlySet<ActionErrorCode>;
}) {
  const t = useTranslations(messages);
  const { forCode } = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(action);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onConfirm() {
    setError(null);
    const result = await run(input);
    if (result.ok) {
      setOpen(false);
      toast(done);
      return;
    }
    const message = ownErrorCodes?.has(result.code) ? t(`errors.${result.code}`) : forCode(result.code);
    if (result.code === 'INVALID_STATE') {
      // Someone else changed the row; useAction refreshes the list, which may drop this row's button and the
      // dialog with it, so a message inside the dialog would vanish unread. The notice outlives the row.
      setOpen(false);
      toast({ title: message, tone: 'info' });
    } else {
      setError(message);
    }
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setError(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-red-700" aria-label={t('openLabel', values)}>
          {t('open')}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader title={t('title', values)} description={t('consequence')} />
        {error ? (
          <div className="px-5 pb-2">
            <Alert>{error}</Alert>
          </div>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={pending}>
              {t('cancel')}
            </Button>
          </AlertDialogCancel>
          <Button variant="danger" loading={pending} onClick={onConfirm}>
            {t('confirm')}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
