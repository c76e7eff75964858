import type { ReactNode } from 'react';

/** A native radio with its label: arrow keys move within the group, the label is the click target. */
export function Choice({ name, value, checked, onSelect, children }: { name: string; value: string; checked: boolean; onSelect: () => void; children: ReactNode }) {
  const id = `${name}-${value}`;
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="radio" name={name} value={value} checked={checked} onChange={onSelect} className="size-4 accent-brand-600" />
      <label htmlFor={id} className="text-[13px] text-gray-800">
        {children}
      </label>
    </div>
  );
}

export const fileInputClasses =
  'block w-full text-[13px] text-gray-800 file:mr-3 file:h-8 file:cursor-pointer file:rounded file:border file:border-gray-300 ' +
  'file:bg-white file:px-3 file:text-[13px] file:font-medium file:text-gray-800 hover:file:bg-gray-50 aria-invalid:text-red-800';
