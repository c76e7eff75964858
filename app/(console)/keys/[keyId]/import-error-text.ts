'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { useErrorText } from '@/components/hooks/use-error-text';
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
 * Import errors in the wizard's words, each with the next step. MATERIAL_INCORRECT covers two causes
 * (SPEC §7); which one is meant follows from whether the key is already bound to material.
 */
export function useImportErrorText({ materialId }: { materialId: string | null }) {
  const t = useTranslations('keys.importWizard.errors');
  const { forCode } = useErrorText();
  return useCallback(
    (code: ActionErrorCode): string => {
      if (code === 'MATERIAL_INCORRECT') {
        return materialId ? t('MATERIAL_INCORRECT_BOUND', { materialId: materialId.slice(0, 12) }) : t('MATERIAL_INCORRECT_LENGTH');
      }
      if (IMPORT_CODES.has(code)) return t(code);
      return forCode(code);
    },
    [forCode, materialId, t],
  );
}
