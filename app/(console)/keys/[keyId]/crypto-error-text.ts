'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { useErrorText } from '@/components/hooks/use-error-text';
import type { KeyState } from '@/lib/kms/types';
import type { ActionErrorCode } from '@/lib/server/action';

const TOOL_CODES = new Set<ActionErrorCode>(['DISABLED', 'CIPHERTEXT_INVALID', 'INCORRECT_KEY', 'VALIDATION']);

/** Codes after which the page's key state is probably stale: the tool refreshes the page on them. */
export const STATE_CODES = new Set<ActionErrorCode>(['DISABLED', 'INVALID_STATE']);

/**
 * The online tool's errors, each with the next step. INVALID_STATE has several causes (SPEC §6); the key's
 * state as the page shows it (refreshed after the error) tells which one is meant.
 */
export function useCryptoErrorText(state: KeyState) {
  const t = useTranslations('keys.cryptoTool.errors');
  const { forCode } = useErrorText();
  return useCallback(
    (code: ActionErrorCode): string => {
      if (code === 'INVALID_STATE') {
        if (state === 'PENDING_IMPORT') return t('PENDING_IMPORT');
        if (state === 'PENDING_DELETION') return t('PENDING_DELETION');
        return t('INVALID_STATE');
      }
      if (TOOL_CODES.has(code)) return t(code);
      return forCode(code);
    },
    [forCode, state, t],
  );
}
