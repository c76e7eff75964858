'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { useErrorText } from '@/components/hooks/use-error-text';
import type { KmsErrorReason } from '@/lib/kms';
import type { ActionErrorCode } from '@/lib/server/action';

const IMPORT_CODES = new Set<ActionErrorCode>([
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'WRAP_INVALID',
  'UNSUPPORTED',
  'INVALID_STATE',
  'LIMIT_EXCEEDED',
  'THROTTLED',
]);

/**
 * Import errors in the wizard's words, each with the next step. MATERIAL_INCORRECT covers several causes
 * (SPEC §7, §11): the domain says which (`reason`), and that picks the words; its `params` name the version
 * the import expected and that version's key check value.
 */
export function useImportErrorText() {
  const t = useTranslations('keys.importWizard.errors');
  const { forCode } = useErrorText();
  return useCallback(
    ({ code, reason, params }: { code: ActionErrorCode; reason?: KmsErrorReason; params?: Readonly<Record<string, string>> }): string => {
      if (reason) return forCode(code, reason, params);
      if (IMPORT_CODES.has(code)) return t(code);
      return forCode(code);
    },
    [forCode, t],
  );
}
