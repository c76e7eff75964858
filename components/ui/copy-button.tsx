'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { cn } from './cn';
import { CheckIcon, CopyIcon } from './icons';

// navigator.clipboard exists only in secure contexts; a console reached over plain http on a LAN still
// needs copying, so fall back to the selection-based command there.
async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}

/** Copies `value`; its accessible name says what is copied, and "Copied" is announced politely. */
export function CopyButton({ value, label, className }: { value: string; label: string; className?: string }) {
  const t = useTranslations('common');
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <span className="inline-flex items-center">
      <button
        type="button"
        aria-label={label}
        title={label}
        onClick={async () => setCopied(await writeClipboard(value))}
        className={cn('rounded p-1 text-gray-500 hover:bg-gray-100 hover:text-gray-800', copied && 'text-green-700', className)}
      >
        {copied ? <CheckIcon width={14} height={14} /> : <CopyIcon width={14} height={14} />}
      </button>
      <span role="status" aria-live="polite" className={cn('text-xs text-green-700', copied ? 'ml-1' : 'sr-only')}>
        {copied ? t('copied') : ''}
      </span>
    </span>
  );
}
