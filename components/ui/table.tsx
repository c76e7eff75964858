import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';

// On a phone a table is wider than the screen: it scrolls sideways in its box, and its first column (the
// name or ID a row is about) stays put on the left, capped to part of the width, so every scrolled-to cell
// still shows which row it is in. Any column a page adds scrolls with the rest; nothing is hidden.
const STICKY_FIRST_COLUMN =
  'max-sm:[&_tr>*:first-child]:sticky max-sm:[&_tr>*:first-child]:left-0 max-sm:[&_tr>*:first-child]:z-[1] max-sm:[&_tr>*:first-child]:max-w-[45vw] ' +
  'max-sm:[&_tr>*:first-child]:shadow-[inset_-1px_0_0_var(--color-gray-200)] max-sm:[&_tbody_tr>*:first-child]:bg-white max-sm:[&_thead_tr>*:first-child]:bg-gray-50';

export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    // `relative`: visually hidden (absolutely placed) header text stays inside the scrolling box instead of
    // stretching the page sideways.
    <div className="relative overflow-x-auto">
      <table className={cn('w-full border-collapse text-left text-[13px]', STICKY_FIRST_COLUMN, className)} {...props} />
    </div>
  );
}

export function TableHead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn('border-b border-gray-200 bg-gray-50', className)} {...props} />;
}

export function TableBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn('divide-y divide-gray-100', className)} {...props} />;
}

export function TableRow({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn('hover:bg-gray-50/70', className)} {...props} />;
}

export function TableHeader({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn('px-3 py-2 font-medium whitespace-nowrap text-gray-600', className)} {...props} />;
}

export function TableCell({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('px-3 py-2 align-middle', className)} {...props} />;
}
