'use client';

import * as AlertDialogPrimitive from '@radix-ui/react-alert-dialog';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';
import { overlayClasses, panelClasses } from './dialog';

export const AlertDialog = AlertDialogPrimitive.Root;
export const AlertDialogTrigger = AlertDialogPrimitive.Trigger;
export const AlertDialogCancel = AlertDialogPrimitive.Cancel;

/**
 * A confirmation: it cannot be dismissed by clicking outside, and focus starts on Cancel so Enter never
 * confirms a destructive step by accident.
 */
export function AlertDialogContent({ className, children, ...props }: ComponentProps<typeof AlertDialogPrimitive.Content>) {
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className={overlayClasses} />
      <AlertDialogPrimitive.Content className={cn(panelClasses, className)} {...props}>
        {children}
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  );
}

export function AlertDialogHeader({ title, description }: { title: ReactNode; description?: ReactNode }) {
  return (
    <div className="px-5 pt-4 pb-2">
      <AlertDialogPrimitive.Title className="text-base font-semibold text-gray-900">{title}</AlertDialogPrimitive.Title>
      {description ? (
        <AlertDialogPrimitive.Description className="mt-2 text-[13px] leading-5 text-gray-700">
          {description}
        </AlertDialogPrimitive.Description>
      ) : null}
    </div>
  );
}

export function AlertDialogFooter({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('flex flex-wrap justify-end gap-2 px-5 pt-2 pb-4', className)} {...props} />;
}
