'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import type { TCryptoToolContext, TEncryptionContextPair } from '@/components/keys/crypto-tool-input';
import type { KeyState } from '@/lib/kms/types';
import type { ActionErrorCode, ActionResult, FieldErrorKey } from '@/lib/server/action';
import { STATE_CODES, useCryptoErrorText } from './crypto-error-text';

/** The form's own input as its browser check left it: the value to send, or why it cannot be sent. */
export type TCheckedInput<V> = { value: V } | { error: FieldErrorKey };

/**
 * The round trip the encrypt and decrypt forms share: check the form's field and the encryption context,
 * call the action, and put a refusal where it belongs — under the form's field, under a context row, or in
 * an alert worded for the key's state — refreshing the page when the refusal says its key state is stale.
 */
export function useCryptoToolAction<I, T>(options: {
  action: (input: I) => Promise<ActionResult<T>>;
  state: KeyState;
  context: TCryptoToolContext;
  /** The action's name for the form's own field, under which its server-side errors are shown. */
  field: string;
}) {
  const { context, field } = options;
  const router = useRouter();
  const errorText = useCryptoErrorText(options.state);
  const { forField } = useErrorText();
  const { run, pending } = useAction(options.action, { refresh: false });
  const [fieldError, setFieldError] = useState<FieldErrorKey | null>(null);
  const [failure, setFailure] = useState<ActionErrorCode | null>(null);

  /** The action's data, or null when anything was refused (and is now shown). */
  async function submit<V>(checked: TCheckedInput<V>, input: (value: V, pairs: TEncryptionContextPair[]) => I): Promise<T | null> {
    setFailure(null);
    setFieldError('error' in checked ? checked.error : null);
    const encryptionContext = context.read();
    if ('error' in checked || !encryptionContext) return null;

    const result = await run(input(checked.value, encryptionContext.pairs));
    if (result.ok) return result.data;
    const fromServer = result.fieldErrors?.[field]?.[0];
    if (fromServer) setFieldError(fromServer);
    else if (!context.showServerErrors(result.fieldErrors, encryptionContext.rowIds)) setFailure(result.code);
    if (STATE_CODES.has(result.code)) router.refresh();
    return null;
  }

  function clearErrors(): void {
    setFieldError(null);
    setFailure(null);
  }

  return {
    submit,
    pending,
    /** The message under the form's field, if its value was refused. */
    fieldErrorText: fieldError ? forField({ [field]: [fieldError] }, field) : undefined,
    failureText: failure ? errorText(failure) : null,
    clearErrors,
  };
}
