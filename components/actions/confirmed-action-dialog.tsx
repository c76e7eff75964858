'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { useAction } from '@/components/hooks/use-action';
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
import type { ActionResult } from '@/lib/server/action';

type TFailure = Extract<ActionResult<unknown>, { ok: false }>;

/**
 * The one mechanism behind every confirmation that runs a server action (row actions, delete material,
 * schedule deletion): success closes the dialog; a failure shows its words in the dialog, except when the
 * key or row changed meanwhile (INVALID_STATE): useAction refreshes the page, which may remove the dialog's
 * button and the dialog with it, so a message inside it would vanish unread. Then the dialog closes and the
 * words go into a notice that outlives it. The dialog cannot be dismissed while the action runs.
 */
export function useConfirmedAction<I, T>({
  action,
  onDone,
  errorText,
  onOpenChange,
}: {
  action: (input: I) => Promise<ActionResult<T>>;
  onDone: (data: T) => void;
  /** The words for a failure, or null when the caller shows it itself (e.g. next to a field). */
  errorText: (failure: TFailure) => string | null;
  /** Told when the dialog opens or closes, e.g. to reset a form. */
  onOpenChange?: (open: boolean) => void;
}) {
  const toast = useToast();
  const { run, pending } = useAction(action);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function changeOpen(next: boolean) {
    if (pending) return;
    setOpen(next);
    setError(null);
    onOpenChange?.(next);
  }

  async function confirm(input: I): Promise<void> {
    setError(null);
    const result = await run(input);
    if (result.ok) {
      setOpen(false);
      onDone(result.data);
      return;
    }
    const message = errorText(result);
    if (message === null) return;
    if (result.code === 'INVALID_STATE') {
      setOpen(false);
      toast({ title: message, tone: 'info' });
    } else {
      setError(message);
    }
  }

  return { open, onOpenChange: changeOpen, pending, error, confirm };
}

/** The confirmation's frame: trigger, title and consequence, the caller's fields, the error, cancel and confirm. */
export function ConfirmedActionDialog({
  state,
  trigger,
  title,
  description,
  cancelLabel,
  confirmLabel,
  confirmDisabled,
  confirmVariant = 'danger',
  onSubmit,
  className,
  children,
}: {
  state: Pick<ReturnType<typeof useConfirmedAction>, 'open' | 'onOpenChange' | 'pending' | 'error'>;
  trigger: ReactNode;
  title: string;
  description: string;
  cancelLabel: string;
  confirmLabel: string;
  confirmDisabled?: boolean;
  /** A confirmation that destroys or cuts off something is `danger`; a setting that changes a schedule is not. */
  confirmVariant?: 'danger' | 'primary';
  onSubmit: () => void;
  className?: string;
  children?: ReactNode;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmDisabled) onSubmit();
  }
  return (
    <AlertDialog open={state.open} onOpenChange={state.onOpenChange}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent className={className}>
        <form onSubmit={submit} noValidate>
          <AlertDialogHeader title={title} description={description} />
          {children || state.error ? (
            <div className="space-y-3 px-5 py-3">
              {children}
              {state.error ? <Alert>{state.error}</Alert> : null}
            </div>
          ) : null}
          <AlertDialogFooter>
            <AlertDialogCancel asChild>
              <Button variant="secondary" disabled={state.pending}>
                {cancelLabel}
              </Button>
            </AlertDialogCancel>
            <Button type="submit" variant={confirmVariant} loading={state.pending} disabled={confirmDisabled}>
              {confirmLabel}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
