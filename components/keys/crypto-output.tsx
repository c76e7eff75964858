'use client';

import type { ReactNode } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/**
 * A result of the online tool: read-only (selectable) text with a copy button, an optional note under it
 * (e.g. "shown as base64") and optional actions (e.g. "Decrypt this ciphertext").
 */
export function CryptoOutput({
  id,
  label,
  value,
  copyLabel,
  note,
  actions,
  monospace,
}: {
  id: string;
  label: ReactNode;
  value: string;
  copyLabel: string;
  note?: ReactNode;
  actions?: ReactNode;
  monospace?: boolean;
}) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        <span className="flex items-center gap-1">
          {actions}
          <CopyButton value={value} label={copyLabel} />
        </span>
      </div>
      <Textarea
        id={id}
        value={value}
        readOnly
        rows={4}
        spellCheck={false}
        aria-describedby={note ? `${id}-note` : undefined}
        className={monospace ? 'font-mono text-xs break-all' : undefined}
      />
      {note ? (
        <p id={`${id}-note`} className="text-xs text-amber-800">
          {note}
        </p>
      ) : null}
    </div>
  );
}
