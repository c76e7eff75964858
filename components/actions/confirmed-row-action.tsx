'use client';

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

export interface TConfirmedRowActionText {
  /** The row's button, and its accessible name naming the row. */
  open: string;
  openLabel: string;
  title: string;
  consequence: string;
  cancel: string;
  confirm: string;
  /** The toast after success. */
  done: { title: string; description: string };
}

/**
 * A destructive action on one row of a list (remove an alias, revoke an access key): a button that opens a
 * confirmation, runs the server action, closes with a toast on success and keeps the dialog open with the
 * error otherwise. The dialog cannot be dismissed while the action runs.
 */
export function ConfirmedRowAction<I>({
  action,
  input,
  text,
  errorFor,
}: {
  action: (input: I) => Promise<ActionResult<unknown>>;
  input: I;
  text: TConfirmedRowActionText;
  /** Words of the action's own for some codes; the common message for the rest. */
  errorFor?: (code: ActionErrorCode) => string | undefined;
}) {
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
      toast(text.done);
    } else {
      setError(errorFor?.(result.code) ?? forCode(result.code));
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
        <Button variant="ghost" size="sm" className="text-red-700" aria-label={text.openLabel}>
          {text.open}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader title={text.title} description={text.consequence} />
        {error ? (
          <div className="px-5 pb-2">
            <Alert>{error}</Alert>
          </div>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={pending}>
              {text.cancel}
            </Button>
          </AlertDialogCancel>
          <Button variant="danger" loading={pending} onClick={onConfirm}>
            {text.confirm}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
