import type { ReactNode } from 'react';
import { FieldError } from './field-error';
import { Label } from './label';

/**
 * Label, control, hint and error in the usual order. The caller gives the control `id={id}` and
 * `aria-describedby={describedBy(id, …)}` so the hint and error are read with it.
 */
export function FormField({ id, label, hint, error, required, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: ReactNode; required?: boolean; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>
        {label}
        {required ? <span className="ml-0.5 text-red-700" aria-hidden="true">*</span> : null}
      </Label>
      {children}
      {hint ? <p id={`${id}-hint`} className="text-xs text-gray-600">{hint}</p> : null}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </div>
  );
}

/** aria-describedby for a FormField's control: its hint and, when present, its error. */
export function describedBy(id: string, options: { hint?: boolean; error?: boolean }): string | undefined {
  const ids = [options.hint ? `${id}-hint` : null, options.error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
