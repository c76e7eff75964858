'use client';

import { useTranslations } from 'next-intl';
import { useSyncExternalStore, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { awsEndpointUrl, awsEnvironmentSnippet, type TApiListenerAddress } from './aws-environment';

const noSubscription = () => () => {};

/** The console's host name as the browser sees it: the API listener runs on the same host. */
function useHostname(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.hostname,
    () => '',
  );
}

function Credential({ label, value, copyLabel, testId }: { label: ReactNode; value: string; copyLabel: string; testId: string }) {
  return (
    <div className="space-y-1">
      <p className="text-[13px] font-medium text-gray-800">{label}</p>
      <div className="flex items-center gap-1 rounded border border-gray-200 bg-gray-50 px-2.5 py-1.5">
        <code className="min-w-0 flex-1 font-mono text-xs break-all text-gray-900" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} />
      </div>
    </div>
  );
}

/**
 * A new access key's ID and secret, shown the one time they exist in the browser, with a ready-to-paste
 * environment for the AWS CLI and SDKs. The caller drops the secret when the dialog closes.
 */
export function NewAccessKeyCredentials({
  accessKeyId,
  secretAccessKey,
  apiListener,
}: {
  accessKeyId: string;
  secretAccessKey: string;
  apiListener: TApiListenerAddress;
}) {
  const t = useTranslations('access-keys.created');
  const endpointUrl = awsEndpointUrl(useHostname(), apiListener);
  const snippet = awsEnvironmentSnippet({ accessKeyId, secretAccessKey, endpointUrl });
  return (
    <div className="space-y-4">
      <Alert tone="warning" title={t('onceTitle')}>
        {t('onceBody')}
      </Alert>
      <Credential label={t('accessKeyId')} value={accessKeyId} copyLabel={t('copyAccessKeyId')} testId="new-access-key-id" />
      <Credential label={t('secretAccessKey')} value={secretAccessKey} copyLabel={t('copySecretAccessKey')} testId="new-secret-access-key" />
      <div className="space-y-1">
        <div className="flex items-center justify-between gap-2">
          <p className="text-[13px] font-medium text-gray-800">{t('environment')}</p>
          <CopyButton value={snippet} label={t('copyEnvironment')} />
        </div>
        <pre className="overflow-x-auto rounded border border-gray-200 bg-gray-900 px-3 py-2 font-mono text-xs leading-5 text-gray-100" data-testid="aws-environment">
          {snippet}
        </pre>
        <p className="text-xs text-gray-600">{t('environmentHint', { endpointUrl })}</p>
      </div>
    </div>
  );
}
