'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { KmsErrorReason } from '@/lib/kms';
import type { ActionErrorCode, FieldErrors } from '@/lib/server/action';
import { refusalMessage } from './refusal-message';

/**
 * Words for failed actions: one message per error code (SPEC §7: what happened and what to do next), and
 * per-field messages from keys.json `form.<field>.<key>` with errors.json `field.<key>` as the fallback.
 */
export function useErrorText() {
  const root = useTranslations();
  const errors = useTranslations('errors');
  const keys = useTranslations('keys.form');

  // The domain's reason, when it gives one, picks the words (the code alone may cover several causes), and
  // its params fill them in (refusal-message.ts).
  const forCode = useCallback(
    (code: ActionErrorCode, reason?: KmsErrorReason, params?: Readonly<Record<string, string>>) => {
      const message = refusalMessage({ code, reason, params }, (key) => root.has(key));
      return root(message.key, message.values);
    },
    [root],
  );

  const forField = useCallback(
    (fieldErrors: FieldErrors | undefined, field: string): string | undefined => {
      const key = fieldErrors?.[field]?.[0];
      if (!key) return undefined;
      const specific = `${field}.${key}`;
      return keys.has(specific) ? keys(specific) : errors(`field.${key}`);
    },
    [errors, keys],
  );

  return { forCode, forField };
}
