'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { DATE_TIME } from '@/components/format';
import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { SET_PASSWORD_PAGE } from '@/lib/auth/constants';

const noSubscription = () => () => {};

/** The console's origin as the browser sees it (behind a proxy, the public one): the link opens there. */
function useOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => '',
  );
}

/**
 * A one-time set-password link, the only time it exists outside the person's browser: the token sits in
 * the URL fragment, which browsers never send to a server (no access log or Referer carries it).
 */
export function PasswordLink({ email, token, expiresAt }: { email: string; token: string; expiresAt: string }) {
  const t = useTranslations('people.link');
  const format = useFormatter();
  const url = `${useOrigin()}${SET_PASSWORD_PAGE}#${token}`;
  return (
    <div className="space-y-3">
      <Alert tone="warning" title={t('onceTitle')}>
        {t('onceBody', { email, expiresAt: format.dateTime(new Date(expiresAt), DATE_TIME) })}
      </Alert>
      <div className="space-y-1">
        <p className="text-[13px] font-medium text-gray-800">{t('label')}</p>
        <div className="flex items-center gap-1 rounded border border-gray-200 bg-gray-50 px-2.5 py-1.5">
          <code className="min-w-0 flex-1 font-mono text-xs break-all text-gray-900" data-testid="password-link">
            {url}
          </code>
          <CopyButton value={url} label={t('copy')} />
        </div>
      </div>
    </div>
  );
}
