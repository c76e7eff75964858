import type { InputHTMLAttributes, Ref, TextareaHTMLAttributes } from 'react';
import { cn } from './cn';

// Shared look of text fields; `aria-invalid` turns the border red so errors are not colour-only
// (the FieldError text next to the field says what is wrong).
export const fieldClasses =
  'block w-full rounded border border-gray-300 bg-white px-2.5 text-sm text-gray-900 shadow-xs ' +
  'placeholder:text-gray-500 hover:border-gray-400 focus-visible:border-brand-600 ' +
  'disabled:cursor-not-allowed disabled:bg-gray-100 disabled:text-gray-500 ' +
  'aria-invalid:border-red-600 aria-invalid:hover:border-red-700';

export function Input({ className, ref, ...props }: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return <input ref={ref} className={cn(fieldClasses, 'h-8', className)} {...props} />;
}

export function Textarea({
  className,
  ref,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  return <textarea ref={ref} className={cn(fieldClasses, 'min-h-20 py-1.5 leading-5', className)} {...props} />;
}
