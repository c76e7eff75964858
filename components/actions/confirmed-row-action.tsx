'use client';

import { useTranslations } from 'next-intl';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { ActionErrorCode, ActionResult } from '@/lib/server/action';
import { ConfirmedActionDialog, useConfirmedAction } from './confirmed-action-dialog';

/**
 * A destructive action on one row of a list (remove an alias, revoke an access key): a button that opens a
 * confirmation and runs the server action (useConfirmedAction: a toast on success, the error in the dialog,
 * a notice when the row changed meanwhile).
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
  const state = useConfirmedAction({
    action,
    onDone: () => toast(done),
    errorText: (failure) => (ownErrorCodes?.has(failure.code) ? t(`errors.${failure.code}`) : forCode(failure.code, failure.reason)),
  });

  return (
    <ConfirmedActionDialog
      state={state}
      trigger={
        <Button variant="ghost" size="sm" className="text-red-700" aria-label={t('openLabel', values)}>
          {t('open')}
        </Button>
      }
      title={t('title', values)}
      description={t('consequence')}
      cancelLabel={t('cancel')}
      confirmLabel={t('confirm')}
      onSubmit={() => void state.confirm(input)}
    />
  );
}
