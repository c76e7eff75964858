'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

/** The recovery codes, this once: Keyfort keeps them only encrypted and never shows them again. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useTranslations('mfa.security.recovery');
  return (
    <div className="space-y-3">
      <h2 className="text-sm font-semibold text-gray-900">{t('heading')}</h2>
      <p className="text-[13px] text-gray-700">{t('intro')}</p>
      <ul aria-label={t('heading')} data-testid="recovery-codes" className="grid max-w-sm grid-cols-2 gap-x-6 gap-y-1 rounded border border-gray-200 bg-gray-50 px-4 py-3 font-mono text-sm">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex items-center gap-3">
        <span className="inline-flex items-center gap-1 text-[13px] text-gray-700">
          <CopyButton value={codes.join('\n')} label={t('copy')} />
          {t('copy')}
        </span>
        <Button type="button" variant="primary" onClick={onDone}>
          {t('done')}
        </Button>
      </div>
    </div>
  );
}
