'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';

// Unexpected failures while rendering a console page. The server has logged the cause; the browser only
// gets the digest, which an operator can match in the server log.
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations('common.error');
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <Panel role="alert" className="px-6 py-10 text-center">
      <h1 className="text-base font-semibold text-gray-900">{t('title')}</h1>
      <p className="mx-auto mt-1 max-w-md text-[13px] text-gray-600">{t('body')}</p>
      {digest ? <p className="mt-2 font-mono text-xs text-gray-500">{t('reference', { digest })}</p> : null}
      <Button variant="secondary" className="mt-4" onClick={() => retry()}>
        {t('retry')}
      </Button>
    </Panel>
  );
}
