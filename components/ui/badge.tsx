import type { HTMLAttributes } from 'react';
import { cn } from './cn';

export type BadgeTone = 'green' | 'gray' | 'amber' | 'red' | 'blue';

// Tone colours pair with a dot so the state is still told apart without colour vision (the text says it too).
const tones: Record<BadgeTone, { box: string; dot: string }> = {
  green: { box: 'bg-green-50 text-green-800 ring-green-600/25', dot: 'bg-green-600' },
  gray: { box: 'bg-gray-100 text-gray-700 ring-gray-500/25', dot: 'bg-gray-500' },
  amber: { box: 'bg-amber-50 text-amber-800 ring-amber-600/30', dot: 'bg-amber-500' },
  red: { box: 'bg-red-50 text-red-800 ring-red-600/25', dot: 'bg-red-600' },
  blue: { box: 'bg-brand-50 text-brand-800 ring-brand-600/25', dot: 'bg-brand-600' },
};

export function Badge({ tone = 'gray', className, children, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone].box,
        className,
      )}
      {...props}
    >
      <span className={cn('size-1.5 rounded-full', tones[tone].dot)} aria-hidden="true" />
      {children}
    </span>
  );
}
