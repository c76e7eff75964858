'use client';

import * as ToastPrimitive from '@radix-ui/react-toast';
import { useTranslations } from 'next-intl';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { cn } from './cn';
import { CheckIcon, CloseIcon } from './icons';

interface ToastMessage {
  id: number;
  title: string;
  description?: string;
  tone: 'success' | 'info';
}

type ShowToast = (toast: Omit<ToastMessage, 'id' | 'tone'> & { tone?: ToastMessage['tone'] }) => void;

const ToastContext = createContext<ShowToast | null>(null);

let nextId = 1;

/**
 * Success confirmations, and `info` notices where what they concern has left the screen (a row action on a
 * row someone else changed). Radix puts them in a polite live region, pauses the timer on hover/focus and
 * offers F8 to jump to them; errors are not toasts: they stay next to what failed.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useTranslations('common');
  const [toasts, setToasts] = useState<ToastMessage[]>([]);

  const show = useCallback<ShowToast>((toast) => {
    setToasts((current) => [...current.slice(-2), { id: nextId++, tone: 'success', ...toast }]);
  }, []);
  const remove = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const viewport = useRef<HTMLOListElement>(null);
  const shown = toasts.length > 0;
  // A confirmation has done its job once the person moves on: clicking or typing anywhere else on the page
  // closes it, so it never sits over what they turned to (the timer pauses while the pointer rests on it,
  // and a phone has no room beside it). Its words were already announced by the live region.
  useEffect(() => {
    if (!shown) return;
    const dismiss = (event: Event) => {
      if (event.target instanceof Node && viewport.current?.contains(event.target)) return;
      setToasts([]);
    };
    document.addEventListener('pointerdown', dismiss, true);
    document.addEventListener('input', dismiss, true);
    return () => {
      document.removeEventListener('pointerdown', dismiss, true);
      document.removeEventListener('input', dismiss, true);
    };
  }, [shown]);

  return (
    <ToastContext.Provider value={show}>
      <ToastPrimitive.Provider duration={6000} label={t('notifications')}>
        {children}
        {toasts.map((toast) => (
          <ToastPrimitive.Root
            key={toast.id}
            onOpenChange={(open) => (open ? undefined : remove(toast.id))}
            className={cn(
              'flex w-full items-start gap-2.5 rounded-md sm:w-80 border bg-white px-3.5 py-3 shadow-lg data-[state=open]:animate-toast-in',
              toast.tone === 'success' ? 'border-green-200' : 'border-gray-200',
            )}
          >
            <span
              className={cn('mt-0.5 rounded-full p-0.5', toast.tone === 'success' ? 'bg-green-100 text-green-700' : 'bg-brand-100 text-brand-700')}
              aria-hidden="true"
            >
              <CheckIcon width={12} height={12} strokeWidth={3} />
            </span>
            <div className="min-w-0 flex-1">
              <ToastPrimitive.Title className="text-[13px] font-medium text-gray-900">{toast.title}</ToastPrimitive.Title>
              {toast.description ? (
                <ToastPrimitive.Description className="mt-0.5 text-[13px] break-words text-gray-600">
                  {toast.description}
                </ToastPrimitive.Description>
              ) : null}
            </div>
            <ToastPrimitive.Close className="rounded p-0.5 text-gray-500 hover:bg-gray-100" aria-label={t('close')}>
              <CloseIcon width={14} height={14} />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport ref={viewport} className="fixed right-4 bottom-4 left-4 z-[60] flex flex-col gap-2 outline-none sm:left-auto" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>');
  return useMemo(() => show, [show]);
}
