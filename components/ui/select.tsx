import type { Ref, SelectHTMLAttributes } from 'react';
import { cn } from './cn';
import { fieldClasses } from './input';

// A native <select>: keyboard, screen readers and mobile pickers work without extra code. `className`
// sizes the wrapper (e.g. a width); the select fills it and leaves room for the chevron.
export function Select({ className, ref, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  return (
    <span className={cn('relative inline-block', className)}>
      <select ref={ref} className={cn(fieldClasses, 'h-8 w-full appearance-none pr-8')} {...props} />
      <svg
        className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-gray-600"
        width="12"
        height="12"
        viewBox="0 0 12 12"
        aria-hidden="true"
        focusable="false"
      >
        <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
    </span>
  );
}
