'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import { useTranslations } from 'next-intl';
import { useState, type MouseEvent, type ReactNode } from 'react';
import { CloseIcon, MenuIcon } from '@/components/ui/icons';

/**
 * The side navigation on narrow screens, where a fixed sidebar would leave no room for the page: a menu
 * button in the top bar opens it as a drawer (a Radix dialog: focus moves in and is trapped, Escape and the
 * overlay close it, focus returns to the button). Choosing a link closes it too, since the page behind changes.
 * `footer` holds what the narrow top bar has no room for (the language switch).
 */
export function MobileNav({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  const t = useTranslations('common.nav');
  const [open, setOpen] = useState(false);
  function closeOnLink(event: MouseEvent<HTMLElement>) {
    if (event.target instanceof Element && event.target.closest('a[href]')) setOpen(false);
  }
  return (
    <DialogPrimitive.Root open={open} onOpenChange={setOpen}>
      <DialogPrimitive.Trigger
        className="-ml-1 rounded p-1.5 text-gray-100 hover:bg-gray-800 focus-visible:outline-white md:hidden"
        aria-label={t('open')}
      >
        <MenuIcon width={18} height={18} />
      </DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-gray-950/40 md:hidden" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          onClick={closeOnLink}
          className="fixed inset-y-0 left-0 z-50 flex w-64 max-w-[85vw] flex-col overflow-y-auto bg-white shadow-xl md:hidden"
        >
          <div className="flex h-12 shrink-0 items-center justify-between border-b border-gray-200 px-4">
            <DialogPrimitive.Title className="text-sm font-semibold text-gray-900">{t('drawerTitle')}</DialogPrimitive.Title>
            <DialogPrimitive.Close className="rounded p-1 text-gray-600 hover:bg-gray-100 hover:text-gray-900" aria-label={t('close')}>
              <CloseIcon />
            </DialogPrimitive.Close>
          </div>
          <div className="px-2 py-3">{children}</div>
          {footer ? <div className="mt-auto border-t border-gray-200 px-4 py-3">{footer}</div> : null}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
