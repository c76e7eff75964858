import type { ReactNode } from 'react';
import { AlertIcon } from './icons';

/**
 * The words under a field that failed. Give it an id and point the field's `aria-describedby` at it so a
 * screen reader reads the error with the field; role="alert" announces it when it appears.
 */
export function FieldError({ id, children }: { id?: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} role="alert" className="mt-1 flex items-start gap-1 text-[13px] text-red-700">
      <AlertIcon className="mt-0.5 shrink-0" width={14} height={14} />
      <span>{children}</span>
    </p>
  );
}
