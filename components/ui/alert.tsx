import type { ReactNode } from 'react';
import { cn } from './cn';
import { AlertIcon } from './icons';

/** A boxed message for errors that belong to a whole form or page rather than one field. */
export function Alert({ tone = 'error', title, children, className }: { tone?: 'error' | 'info' | 'warning'; title?: ReactNode; children?: ReactNode; className?: string }) {
  const tones = {
    error: 'border-red-200 bg-red-50 text-red-800',
    warning: 'border-amber-200 bg-amber-50 text-amber-900',
    info: 'border-brand-200 bg-brand-50 text-brand-800',
  };
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={cn('flex gap-2 rounded border px-3 py-2 text-[13px]', tones[tone], className)}>
      <AlertIcon className="mt-0.5 shrink-0" width={14} height={14} />
      <div>
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div>{children}</div> : null}
      </div>
    </div>
  );
}
