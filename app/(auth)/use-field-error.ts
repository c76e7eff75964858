'use client';

import { useTranslations } from 'next-intl';
import { useEffect, type RefObject } from 'react';
import type { FieldErrors } from '@/lib/auth/form-errors';
import { MIN_ADMIN_PASSWORD_LENGTH } from '@/lib/auth/constants';

/** Words for a field's error key: the field's own message when there is one, else the generic one. */
export function useFieldError(errors: FieldErrors | undefined) {
  const t = useTranslations('auth.fields');
  return (field: string): string | undefined => {
    const key = errors?.[field]?.[0];
    if (!key) return undefined;
    const specific = `${field}.${key}`;
    const values = { min: MIN_ADMIN_PASSWORD_LENGTH };
    if (t.has(specific)) return t(specific, values);
    return t.has(key) ? t(key, values) : t('invalid');
  };
}

/** After a refused submit, puts the keyboard on the first field that needs fixing (its error is read out). */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, state: object) {
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [form, state]);
}
